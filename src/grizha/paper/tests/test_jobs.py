"""Large documents are made in the background: asking for one, watching its progress without
JavaScript, downloading it; the same request on the same data is one job; bad requests explained."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from grizha.core.tasks import run_queued
from grizha.paper import services
from grizha.paper.models import PaperJob
from grizha.paper.tests import readers
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


def _start(client: Client, **data: object) -> PaperJob:
    response = client.post("/leaflets/jobs/", data)
    assert response.status_code == 302
    job = PaperJob.objects.get(id=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert response["Location"] == f"/leaflets/jobs/{job.id}/"
    return job


def test_all_posters_are_made_in_the_background_and_then_downloaded(client: Client) -> None:
    job = _start(client, kind="posters")
    waiting = client.get(f"/leaflets/jobs/{job.id}/").content.decode()
    assert 'data-progress="3"' in waiting
    assert 'aria-live="polite"' in waiting
    assert f'href="/leaflets/jobs/{job.id}/"' in waiting, "a link to check again, for those without JavaScript"
    assert "document.pdf" not in waiting

    assert run_queued() == 1

    job.refresh_from_db()
    offices = list(Office.objects.filter(municipality_id=settings.GRIZHA_MUNICIPALITY))
    assert (job.status, job.done, job.total) == (PaperJob.Status.DONE, len(offices), len(offices))
    done = client.get(f"/leaflets/jobs/{job.id}/").content.decode()
    assert "data-progress=" not in done
    assert f'href="/leaflets/jobs/{job.id}/document.pdf"' in done
    download = client.get(f"/leaflets/jobs/{job.id}/document.pdf")
    assert readers.is_pdf(download)
    text = readers.text(readers.body(download))
    assert all(readers.flat(office.name) in text for office in offices)


def test_the_progress_page_says_how_far_the_work_has_got(client: Client) -> None:
    job = _start(client, kind="posters")
    PaperJob.objects.filter(id=job.id).update(status=PaperJob.Status.RUNNING, done=4, total=13)
    html = client.get(f"/en/leaflets/jobs/{job.id}/").content.decode()
    assert "4 of 13" in html
    assert '<progress id="job-progress" max="13" value="4">' in html
    assert 'data-progress="3"' in html


def test_a_booklet_of_several_municipalities_is_made_in_the_background(client: Client) -> None:
    job = _start(client, kind="booklet", municipality=[settings.GRIZHA_MUNICIPALITY, "BGS04"], print="large")
    assert job.params["municipalities"] == [settings.GRIZHA_MUNICIPALITY, "BGS04"]
    assert job.params["large"] is True
    run_queued()
    job.refresh_from_db()
    assert job.status == PaperJob.Status.DONE
    data = readers.body(client.get(f"/leaflets/jobs/{job.id}/document.pdf"))
    assert min(readers.font_sizes(data)) >= 16
    sliven, services, burgas = readers.pdf(data).outline
    assert (sliven.title, burgas.title) == ("Община Сливен", "Община Бургас")
    assert isinstance(services, list) and len(services) > 30


def test_the_same_request_on_the_same_data_is_one_job(client: Client) -> None:
    first = _start(client, kind="posters")
    assert _start(client, kind="posters") == first
    assert PaperJob.objects.count() == 1


@pytest.mark.parametrize(
    ("municipalities", "message"),
    [([], "Choose at least one municipality."), (["XXX99"], "XXX99")],
)
def test_a_bad_booklet_request_is_explained(client: Client, municipalities: list[str], message: str) -> None:
    response = client.post("/leaflets/jobs/", {"kind": "booklet", "municipality": municipalities})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#f-municipality"' in html
    if message != "Choose at least one municipality.":
        assert message in html
    assert not PaperJob.objects.exists()


def test_an_unknown_kind_of_document_is_explained(client: Client) -> None:
    assert client.post("/leaflets/jobs/", {"kind": "calendar"}).status_code == 400


def test_a_failed_job_can_be_tried_again(client: Client) -> None:
    job = _start(client, kind="posters")
    PaperJob.objects.filter(id=job.id).update(status=PaperJob.Status.FAILED, error="RuntimeError: disk full")
    html = client.get(f"/leaflets/jobs/{job.id}/").content.decode()
    assert f'action="/leaflets/jobs/{job.id}/retry"' in html
    assert "disk full" not in html, "the error is for the logs, not for the public"
    again = client.post(f"/leaflets/jobs/{job.id}/retry")
    assert again.status_code == 302
    assert PaperJob.objects.exclude(id=job.id).get().status == PaperJob.Status.QUEUED


def test_too_many_waiting_documents_are_refused_politely(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_OPEN_JOBS", 0)
    response = client.post("/leaflets/jobs/", {"kind": "posters"})
    assert response.status_code == 503
    assert "<h1>" in response.content.decode()


def test_an_unknown_job_gets_the_not_found_page(client: Client) -> None:
    assert client.get("/leaflets/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/leaflets/jobs/00000000-0000-0000-0000-000000000000/document.pdf").status_code == 404


def test_grizha_worker_runs_what_is_queued(tmp_path: Path) -> None:
    # The command in a process of its own, on a fresh SQLite database whatever the suite runs on.
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "grizha.config.settings"}
    env.pop("DATABASE_URL", None)
    grizha = [sys.executable, "-m", "grizha.cli"]
    subprocess.run([*grizha, "migrate", "--verbosity", "0"], env=env, check=True, timeout=300)
    enqueue = (
        "import django; django.setup();"
        "from grizha.paper.services import job_request;"
        "print(job_request(kind='posters', params={'municipality': 'SLV20'}, language='en').id)"
    )
    job_id = subprocess.run(
        [sys.executable, "-c", enqueue], env=env, check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    subprocess.run([*grizha, "worker", "--batch", "--no-startup-delay"], env=env, check=True, timeout=120)
    check = (
        "import django; django.setup(); from grizha.paper.models import PaperJob;"
        f"print(PaperJob.objects.get(id='{job_id}').status)"
    )
    status = subprocess.run(
        [sys.executable, "-c", check], env=env, check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    assert status == "done"
