"""QR codes, leaflets, booklets and posters for citizens and front offices (CONTRACTS section 5), and
each service page read aloud. Every file comes from the store (grizha.paper.store), made on the first
request after a catalog change; larger ones, and recordings, by background jobs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from grizha.catalog import reference
from grizha.catalog import selectors as catalog_selectors
from grizha.catalog.models import Service
from grizha.paper import audio, forms, qr, selectors, services, store
from grizha.paper.booklet import booklet_pdf
from grizha.paper.leaflet import leaflet_pdf
from grizha.paper.models import PaperJob
from grizha.paper.posters import campaign_pdf, posters_pdf
from grizha.territory.models import Office, Settlement
from grizha.territory.sites import home_municipality

MAX_AGE = 300


def _file(path: Path, content_type: str, filename: str | None = None) -> HttpResponseBase:
    response = FileResponse(path.open("rb"), content_type=content_type, filename=filename or path.name)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _ranged_file(request: HttpRequest, path: Path, content_type: str, filename: str) -> HttpResponseBase:
    """A file with one byte range when asked for (Safari plays audio only from servers that answer them)."""
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", request.headers.get("Range", "").strip())
    if match is None or match.groups() == ("", ""):
        response = _file(path, content_type, filename)
        response["Accept-Ranges"] = "bytes"
        return response
    size = path.stat().st_size
    first, last = match.groups()
    start, end = (
        (max(size - int(last), 0), size - 1) if first == "" else (int(first), min(int(last or size - 1), size - 1))
    )
    if start >= size or start > end:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    with path.open("rb") as source:
        source.seek(start)
        part = HttpResponse(source.read(end - start + 1), status=206, content_type=content_type)
    part["Content-Range"] = f"bytes {start}-{end}/{size}"
    part["Accept-Ranges"] = "bytes"
    part["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return part


def _problem(request: HttpRequest, errors: list[tuple[str, str]]) -> HttpResponseBase:
    """A plain page naming each value we could not use, with the way back to the choices."""
    index_url = reverse("paper-index")
    context = {"errors": [{"href": f"{index_url}#f-{field}", "message": message} for field, message in errors]}
    return render(request, "paper/bad_request.html", context, status=400)


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _qr(service_id: UUID, kind: str) -> HttpResponseBase:
    language = _language()

    def build() -> bytes:
        if not Service.objects.filter(id=service_id).exclude(status=Service.Status.DEFUNCT).exists():
            raise Http404("service")
        url = qr.service_url(service_id, language)
        return qr.svg(url) if kind == "svg" else qr.png(url)

    path = store.fetch(f"qr-{service_id}-{language}.{kind}", build)
    return _file(path, "image/svg+xml" if kind == "svg" else "image/png", f"qr-{service_id}.{kind}")


@require_GET
def qr_svg(request: HttpRequest, service_id: UUID) -> HttpResponseBase:
    return _qr(service_id, "svg")


@require_GET
def qr_png(request: HttpRequest, service_id: UUID) -> HttpResponseBase:
    return _qr(service_id, "png")


@require_GET
def leaflet(request: HttpRequest, service_id: UUID) -> HttpResponseBase:
    large, errors = forms.parse_print(request.GET)
    if errors:
        return _problem(request, errors)

    def build() -> bytes:
        data = leaflet_pdf(service_id, large=large)
        if data is None:
            raise Http404("service")
        return data

    name = f"leaflet-{service_id}-{_language()}{'-large' if large else ''}.pdf"
    return _file(store.fetch(name, build), "application/pdf", "leaflet.pdf")


def _stored(kind: str, params: dict[str, object], build: Callable[[], bytes]) -> Path:
    digest = sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    return store.fetch(f"{kind}-{digest}-{_language()}.pdf", build)


@require_GET
def booklet(request: HttpRequest) -> HttpResponseBase:
    parsed = forms.parse_booklet(request.GET, municipality_codes=[home_municipality()])
    if parsed.errors:
        return _problem(request, parsed.errors)
    path = _stored("booklet", parsed.as_params(), lambda: booklet_pdf(parsed))
    return _file(path, "application/pdf", "booklet.pdf")


@require_GET
def office_poster(request: HttpRequest, office_id: UUID) -> HttpResponseBase:
    office: Office = get_object_or_404(Office.objects.select_related("municipality", "settlement"), id=office_id)
    path = _stored(
        "poster", {"office": str(office.id)}, lambda: posters_pdf([office], municipality_name=office.municipality.name)
    )
    return _file(path, "application/pdf", "poster.pdf")


def _index_context(errors: list[tuple[str, str]] | None = None, chosen: dict[str, list[str]] | None = None) -> dict:
    code = home_municipality()
    return {
        "offices": selectors.offices(code),
        "settlements": Settlement.objects.filter(locations__service_at_locations__service__municipality_id=code)
        .distinct()
        .order_by("name"),
        "target_groups": catalog_selectors.terms(reference.TARGET_GROUP),
        "needs": catalog_selectors.terms(reference.NEED),
        "municipalities": selectors.municipalities_with_services(),
        "errors": [{"href": f"#f-{field}", "message": message} for field, message in errors or []],
        "chosen": chosen or {"municipality": [code]},
    }


@never_cache
@require_GET
def index(request: HttpRequest) -> HttpResponseBase:
    return render(request, "paper/index.html", _index_context())


@never_cache
@require_POST
def job_start(request: HttpRequest) -> HttpResponseBase:
    kind = request.POST.get("kind", "")
    if kind == PaperJob.Kind.POSTERS:
        params: dict[str, object] = {"municipality": home_municipality()}
    elif kind == PaperJob.Kind.BOOKLET:
        codes, errors = forms.parse_municipalities(request.POST)
        parsed = forms.parse_booklet(request.POST, municipality_codes=codes)
        errors += parsed.errors
        if errors:
            chosen = {name: request.POST.getlist(name) for name in ("municipality", "target_group", "need")}
            return render(request, "paper/index.html", _index_context(errors, chosen), status=400)
        params = parsed.as_params()
    else:
        return _problem(request, [("kind", _("Choose a document to make."))])
    try:
        job = services.job_request(kind=kind, params=params, language=_language())
    except services.QueueFull:
        return render(request, "paper/busy.html", status=503)
    return redirect("paper-job", job_id=job.id)


@never_cache
@require_GET
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponseBase:
    job = get_object_or_404(PaperJob, id=job_id)
    finished = job.status in (PaperJob.Status.DONE, PaperJob.Status.FAILED)
    return render(request, "paper/job.html", {"job": job, "title": services.job_title(job), "finished": finished})


@never_cache
@require_POST
def job_retry(request: HttpRequest, job_id: UUID) -> HttpResponseBase:
    failed = get_object_or_404(PaperJob, id=job_id, status=PaperJob.Status.FAILED)
    try:
        job = services.job_request(kind=failed.kind, params=failed.params, language=failed.language)
    except services.QueueFull:
        return render(request, "paper/busy.html", status=503)
    return redirect("paper-job", job_id=job.id)


@require_GET
def job_download(request: HttpRequest, job_id: UUID) -> HttpResponseBase:
    job = get_object_or_404(PaperJob, id=job_id, status=PaperJob.Status.DONE)
    path = services.job_file(job)
    if path is None:
        raise Http404("file")
    extension, content_type = services.FILE_TYPES[PaperJob.Kind(job.kind)]
    return _file(path, content_type, f"{job.kind}.{extension}")


def _recording(service_id: UUID) -> PaperJob:
    return services.audio_request(service_id=service_id, language=_language())


def _has_page(service_id: UUID) -> bool:
    return Service.objects.filter(id=service_id).exclude(status=Service.Status.DEFUNCT).exists()


@never_cache
@require_GET
def listen(request: HttpRequest, service_id: UUID) -> HttpResponseBase:
    """The page read aloud: the player when the recording is ready, its progress until then (asking for
    it on the first visit), and always the transcript."""
    found = audio.service_transcript(service_id)
    if found is None:
        raise Http404("service")
    context: dict[str, object] = {"service_id": service_id, "transcript": found, "available": audio.available()}
    if context["available"]:
        try:
            job = _recording(service_id)
        except services.QueueFull:
            return render(request, "paper/busy.html", status=503)
        context.update(job=job, finished=job.status in (PaperJob.Status.DONE, PaperJob.Status.FAILED))
    return render(request, "paper/listen.html", context)


@never_cache
@require_POST
def listen_retry(request: HttpRequest, service_id: UUID) -> HttpResponseBase:
    if not _has_page(service_id):
        raise Http404("service")
    params = services.audio_params(service_id)
    try:
        services.job_request(kind=PaperJob.Kind.AUDIO, params=params, language=_language())
    except services.QueueFull:
        return render(request, "paper/busy.html", status=503)
    return redirect("service-listen", service_id=service_id)


@require_GET
def listen_audio(request: HttpRequest, service_id: UUID) -> HttpResponseBase:
    """The recording when it is ready; otherwise the listening page, which asks for it and shows how far
    it has got."""
    if audio.available() and _has_page(service_id):
        try:
            path = services.job_file(_recording(service_id))
        except services.QueueFull:
            path = None
        if path is not None:
            return _ranged_file(request, path, "audio/mpeg", "service.mp3")
    return redirect("service-listen", service_id=service_id)


@require_GET
def campaign_detail(request: HttpRequest, campaign_id: UUID) -> HttpResponseBase:
    campaign = selectors.published_campaign(campaign_id)
    if campaign is None:
        raise Http404("campaign")
    return render(request, "paper/campaign.html", {"campaign": campaign})


@require_GET
def campaign_leaflets(request: HttpRequest, campaign_id: UUID) -> HttpResponseBase:
    campaign = selectors.published_campaign(campaign_id)
    if campaign is None:
        raise Http404("campaign")
    ids = [service.id for service in campaign.listed_services]  # type: ignore[attr-defined]
    offices = selectors.campaign_offices(campaign)
    # The catalog stamp of the store covers the services; the campaign's own edits change the name.
    params: dict[str, object] = {
        "campaign": str(campaign.id),
        "updated": campaign.updated_at.isoformat(),
        "services": [str(i) for i in ids],
        "offices": [str(o.id) for o in offices],
    }
    path = _stored("campaign", params, lambda: campaign_pdf(ids, offices, title=campaign.title))
    return _file(path, "application/pdf", "leaflets.pdf")
