"""grizha's own fields of a service beside HSDS's: the sign-language video (its address, its captions
and its description in each language) goes out with the easy-read text and comes back in; an address
that is not http(s) is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from grizha.catalog.models import Service
from grizha.demo.loader import demo_id
from grizha.hsds.serialize import Serializer

pytestmark = pytest.mark.django_db

SERVICE = demo_id("service", "zhestov-ezik")
VIDEO = "https://sliven.example.bg/video/zhestov-ezik.mp4"
CAPTIONS = "https://sliven.example.bg/video/zhestov-ezik.vtt"


@pytest.fixture
def with_video() -> Service:
    Service.objects.filter(id=SERVICE).update(
        sign_language_video=VIDEO,
        sign_language_captions=CAPTIONS,
        sign_language_description_bg="Преводач разказва за услугата.",
        sign_language_description_en="An interpreter tells about the service.",
    )
    return Service.objects.get(id=SERVICE)


@pytest.mark.usefixtures("with_video")
def test_the_sign_language_video_is_exported_beside_the_easy_read_text() -> None:
    (service,) = Serializer("bg").services([SERVICE])
    assert service["sign_language_video"] == VIDEO
    assert service["sign_language_captions"] == CAPTIONS
    assert service["sign_language_description"] == "Преводач разказва за услугата."
    assert service["translations"]["en"]["sign_language_description"] == "An interpreter tells about the service."
    assert service["easy_read"]
    (item,) = Serializer("en").service_items([SERVICE])
    assert item["sign_language_video"] == VIDEO
    assert item["sign_language_description"] == "An interpreter tells about the service."


def test_a_service_without_a_video_exports_no_such_keys() -> None:
    (service,) = Serializer("bg").services([SERVICE])
    assert not {"sign_language_video", "sign_language_captions", "sign_language_description"} & set(service)


def _export_one(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    (service,) = Serializer("bg").services([SERVICE])
    return tmp_path / "service.json", service


def test_the_video_comes_back_in_on_import(tmp_path: Path, with_video: Service) -> None:
    path, service = _export_one(tmp_path)
    path.write_text(json.dumps(service, ensure_ascii=False))
    Service.objects.filter(id=SERVICE).update(
        sign_language_video="",
        sign_language_captions="",
        sign_language_description_bg="",
        sign_language_description_en="",
    )
    call_command("import-hsds", str(path))
    again = Service.objects.get(id=SERVICE)
    assert (again.sign_language_video, again.sign_language_captions) == (VIDEO, CAPTIONS)
    assert again.sign_language_description_bg == "Преводач разказва за услугата."
    assert again.sign_language_description_en == "An interpreter tells about the service."


@pytest.mark.usefixtures("with_video")
def test_an_import_without_the_keys_leaves_the_video_alone(tmp_path: Path) -> None:
    path, service = _export_one(tmp_path)
    for key in ("sign_language_video", "sign_language_captions", "sign_language_description"):
        service.pop(key)
    path.write_text(json.dumps(service, ensure_ascii=False))
    call_command("import-hsds", str(path))
    assert Service.objects.get(id=SERVICE).sign_language_video == VIDEO


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://example.bg/v.mp4", "not an address", 42])
def test_an_address_that_is_not_http_is_refused_and_nothing_is_written(tmp_path: Path, address: object) -> None:
    path, service = _export_one(tmp_path)
    service["sign_language_video"] = address
    service["name"] = "Renamed by a bad import"
    path.write_text(json.dumps(service, ensure_ascii=False))
    with pytest.raises((CommandError, SystemExit)):
        call_command("import-hsds", str(path))
    assert Service.objects.get(id=SERVICE).name_bg != "Renamed by a bad import"
