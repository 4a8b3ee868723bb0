"""Services that derive from a national master description: the merge rules.

A derived service keeps the merged result in its own columns. A field *follows* the master while it holds
the master's value, and is the municipality's *own* once it differs. When a master changes, each derived
service that followed a changed field takes the new value; one that had its own text gets a
`MasterReview` showing its text beside the master's before and after, until an editor takes the new
national text or keeps its own. A blank field (every language empty, no rows) is filled from the master,
so clearing a field returns it to the national text.

Fields are compared as snapshots: plain JSON values, texts as {language: text}, lists of rows for steps,
documents, legal provisions and attributes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grizha.catalog import models as m
from grizha.core.audit import log_action, register_actions

Snapshot = dict[str, Any]

register_actions(
    {
        "grizha.catalog.master.changed": _("changed a national description"),
        "grizha.catalog.service.derived": _("made a service from a national description"),
        "grizha.catalog.service.follows_master": _("returned a field to the national text"),
        "grizha.catalog.master_review.taken": _("took the new national text"),
        "grizha.catalog.master_review.kept": _("kept the municipality's own text"),
    }
)

TEXT_FIELDS = m.MASTER_TEXT_FIELDS
VALUE_FIELDS = ("minimum_age", "maximum_age", "iisda_number", "decision_days", "channels", "eservice_level")
STEP_FIELDS = ("title", "who", "where", "bring", "duration")
ROW_FIELDS = ("steps", "documents", "legal_references", "attributes")
FIELDS = TEXT_FIELDS + VALUE_FIELDS + ROW_FIELDS

# What editors see as the name of each field (the model's verbose names, and the rows' plural names).
LABELS: dict[str, Any] = {
    **{name: m.MasterDescription._meta.get_field(name).verbose_name for name in TEXT_FIELDS + VALUE_FIELDS},  # type: ignore[union-attr]
    "steps": _("steps to get it"),
    "documents": _("required documents"),
    "legal_references": _("legal basis, provision by provision"),
    "attributes": _("service type, target groups and needs"),
}
# Attributes a master carries; a service's other attributes (none today) would stay its own.
MASTER_LINK_TYPES = frozenset(
    {
        m.Attribute.LinkType.SERVICE_TYPE,
        m.Attribute.LinkType.ACTIVITY_KIND,
        m.Attribute.LinkType.ACCESS_ROUTE,
        m.Attribute.LinkType.AUDIENCE,
        m.Attribute.LinkType.ELIGIBILITY,
        m.Attribute.LinkType.NEED,
    }
)


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _text(obj: Any, name: str) -> dict[str, str]:
    return {code: getattr(obj, f"{name}_{code}") or "" for code in _languages()}


def _set_text(obj: Any, name: str, value: dict[str, str]) -> None:
    for code in _languages():
        setattr(obj, f"{name}_{code}", value.get(code) or "")
    # The untranslated column mirrors the default language, as django-modeltranslation keeps it; set
    # through its descriptor, it would also overwrite the column of the active language.
    obj.__dict__[name] = value.get(settings.LANGUAGE_CODE) or ""


def _steps(rows: Iterable[Any]) -> list[Any]:
    ordered = sorted(rows, key=lambda row: (row.position, str(row.id)))
    return [{name: _text(row, name) for name in STEP_FIELDS} for row in ordered]


def _documents(rows: Iterable[Any]) -> list[Any]:
    ordered = sorted(rows, key=lambda row: (row.created_at, str(row.id)))
    return [
        {"document": _text(row, "document"), "uri": row.uri, "register_check": row.register_check} for row in ordered
    ]


def _legal_references(rows: Iterable[m.LegalReference]) -> list[Any]:
    ordered = sorted(rows, key=lambda row: (row.position, str(row.id)))
    return [
        {
            "act": _text(row, "act"),
            "article": row.article,
            "paragraph": row.paragraph,
            "point": row.point,
            "url": row.url,
        }
        for row in ordered
    ]


def _attributes(rows: Iterable[Any]) -> list[Any]:
    return sorted(
        [row.link_type, str(row.taxonomy_term_id), row.value] for row in rows if row.link_type in MASTER_LINK_TYPES
    )


def master_snapshot(master: m.MasterDescription) -> Snapshot:
    """Every field of a master as it stands in the database."""
    master = m.MasterDescription.objects.prefetch_related("steps", "documents", "legal_references", "master_terms").get(
        pk=master.pk
    )
    snapshot: Snapshot = {name: _text(master, name) for name in TEXT_FIELDS}
    snapshot.update({name: getattr(master, name) for name in VALUE_FIELDS})
    snapshot["steps"] = _steps(master.steps.all())
    snapshot["documents"] = _documents(master.documents.all())
    snapshot["legal_references"] = _legal_references(master.legal_references.all())
    snapshot["attributes"] = _attributes(master.master_terms.all())
    return snapshot


def _service_value(service: m.Service, name: str) -> Any:
    """One field of a service (its related rows prefetched where possible), shaped as in a snapshot."""
    if name in TEXT_FIELDS:
        return _text(service, name)
    if name in VALUE_FIELDS:
        return getattr(service, name)
    if name == "steps":
        return _steps(service.access_steps.all())
    if name == "documents":
        return _documents(service.required_documents.all())
    if name == "legal_references":
        return _legal_references(service.legal_references.all())
    return _attributes(service.attributes.all())


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return not any((text or "").strip() for text in value.values())
    return value in (None, "", [])


def _apply(service: m.Service, name: str, value: Any) -> None:
    """Give a service this value of a field; rows are replaced. The service itself is saved by the caller."""
    if name in TEXT_FIELDS:
        _set_text(service, name, value)
    elif name in VALUE_FIELDS:
        setattr(service, name, value)
    elif name == "steps":
        service.access_steps.all().delete()
        m.AccessStep.objects.bulk_create(
            m.AccessStep(
                service=service,
                position=position,
                **{f"{field}_{code}": text for field in STEP_FIELDS for code, text in step[field].items()},
                **{field: step[field].get(settings.LANGUAGE_CODE) or "" for field in STEP_FIELDS},
            )
            for position, step in enumerate(value, start=1)
        )
    elif name == "documents":
        service.required_documents.all().delete()
        for row in value:
            document = m.RequiredDocument(service=service, uri=row["uri"], register_check=row["register_check"])
            _set_text(document, "document", row["document"])
            document.save()
    elif name == "legal_references":
        service.legal_references.all().delete()
        for position, row in enumerate(value, start=1):
            reference = m.LegalReference(
                service=service,
                position=position,
                article=row["article"],
                paragraph=row["paragraph"],
                point=row["point"],
                url=row["url"],
            )
            _set_text(reference, "act", row["act"])
            reference.save()
    else:
        service.attributes.filter(link_type__in=MASTER_LINK_TYPES).delete()
        m.Attribute.objects.bulk_create(
            m.Attribute(
                service=service, link_entity="service", link_type=link_type, taxonomy_term_id=term, value=term_value
            )
            for link_type, term, term_value in value
        )


def _derived(master: m.MasterDescription) -> Any:
    return (
        m.Service.objects.filter(master=master)
        .select_for_update(of=("self",))
        .prefetch_related("access_steps", "required_documents", "legal_references", "attributes")
        .order_by("id")
    )


def field_states(service: m.Service) -> dict[str, bool]:
    """For a derived service, whether each field is its own (True) or follows its master (False)."""
    if service.master_id is None:
        return {}
    master = master_snapshot(service.master)  # type: ignore[arg-type]
    return {name: _service_value(service, name) != master[name] for name in FIELDS}


@transaction.atomic
def service_fill_from_master(*, service: m.Service) -> list[str]:
    """Fill every blank field of a derived service from its master; returns the fields filled."""
    if service.master_id is None:
        return []
    master = master_snapshot(service.master)  # type: ignore[arg-type]
    filled = [name for name in FIELDS if _blank(_service_value(service, name)) and not _blank(master[name])]
    for name in filled:
        _apply(service, name, master[name])
    if filled:
        service.last_modified = timezone.now()
        service.save()
    return filled


@transaction.atomic
def service_follow_master(*, service: m.Service, field: str, actor: Any = None) -> None:
    """Give up a service's own text of a field and follow its master's again."""
    if service.master_id is None or field not in FIELDS:
        raise ValueError(field)
    _apply(service, field, master_snapshot(service.master)[field])  # type: ignore[arg-type]
    service.last_modified = timezone.now()
    service.save()
    service.master_reviews.filter(field=field, status=m.MasterReview.Status.PENDING).update(
        status=m.MasterReview.Status.TAKEN, decided_by=actor, decided_at=timezone.now()
    )
    log_action("grizha.catalog.service.follows_master", actor=actor, obj=service, data={"field": field})


@dataclass
class Propagation:
    followed: int = 0  # services that took the new master text of at least one field
    reviews: int = 0  # fields waiting for an editor's decision


@transaction.atomic
def master_propagate(*, master: m.MasterDescription, before: Snapshot, actor: Any = None) -> Propagation:
    """After a master changed (`before` is its snapshot from before the change): every derived service
    that followed a changed field takes the new value; one with its own text gets a review."""
    after = master_snapshot(master)
    changed = [name for name in FIELDS if before.get(name) != after[name]]
    result = Propagation()
    if not changed:
        return result
    now = timezone.now()
    for service in _derived(master):
        took = False
        for name in changed:
            current = _service_value(service, name)
            pending = service.master_reviews.filter(field=name, status=m.MasterReview.Status.PENDING).first()
            if current == after[name]:
                if pending:  # the municipality's text is now the nation's: nothing left to decide
                    pending.status, pending.decided_at = m.MasterReview.Status.TAKEN, now
                    pending.save(update_fields=["status", "decided_at", "updated_at"])
            elif current == before[name] and pending is None:
                _apply(service, name, after[name])
                took = True
            elif pending:
                pending.after = after[name]  # the latest national text; `before` stays what they last saw
                pending.save(update_fields=["after", "updated_at"])
            else:
                m.MasterReview.objects.create(service=service, field=name, before=before[name], after=after[name])
                result.reviews += 1
        if took:
            service.last_modified = now
            service.save()
            result.followed += 1
    log_action(
        "grizha.catalog.master.changed",
        actor=actor,
        obj=master,
        data={"fields": changed, "followed": result.followed, "reviews": result.reviews},
    )
    return result


@transaction.atomic
def review_decide(*, review: m.MasterReview, take: bool, actor: Any) -> m.MasterReview:
    """An editor's decision on a change of the master: take the national text, or keep their own."""
    review = m.MasterReview.objects.select_for_update().select_related("service").get(pk=review.pk)
    if review.status != m.MasterReview.Status.PENDING:
        return review
    service = review.service
    if take:
        _apply(service, review.field, review.after)
        service.last_modified = timezone.now()
        service.save()
    review.status = m.MasterReview.Status.TAKEN if take else m.MasterReview.Status.KEPT
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    log_action(
        "grizha.catalog.master_review.taken" if take else "grizha.catalog.master_review.kept",
        actor=actor,
        obj=service,
        data={"field": review.field},
    )
    return review


@transaction.atomic
def service_derive(*, master: m.MasterDescription, municipality_id: str, actor: Any = None, **local: Any) -> m.Service:
    """A new service of a municipality, following a master in everything but the local fields given."""
    service = m.Service(master=master, municipality_id=municipality_id, **local)
    service.full_clean(exclude=["name"])
    service.save()
    service_fill_from_master(service=service)
    log_action("grizha.catalog.service.derived", actor=actor, obj=service, data={"master": master.code})
    return service


# --- reading ---------------------------------------------------------------------------------------


def reviews_pending(*, municipalities: Iterable[str] | None) -> Any:
    """Changes of national texts waiting for a decision, in these municipalities (None: everywhere)."""
    reviews = m.MasterReview.objects.filter(status=m.MasterReview.Status.PENDING).select_related(
        "service", "service__master", "service__municipality"
    )
    if municipalities is not None:
        reviews = reviews.filter(service__municipality_id__in=list(municipalities))
    return reviews.order_by("service__municipality_id", "service__name_bg", "field", "id")


def describe(field: str, value: Any) -> list[str]:
    """A field's value as lines of text in the current language, to show side by side."""
    from django.utils.translation import get_language

    language = (get_language() or settings.LANGUAGE_CODE)[:2]

    def text(item: dict[str, str]) -> str:
        return item.get(language) or item.get(settings.LANGUAGE_CODE) or ""

    if field in TEXT_FIELDS:
        return [line for line in text(value).splitlines() if line.strip()]
    if field == "channels":
        return [str(m.Channel(code).label) for code in value or [] if code in m.Channel.values]
    if field == "eservice_level":
        return [str(m.EServiceLevel(value).label)] if value in m.EServiceLevel.values else []
    if field in VALUE_FIELDS:
        return [] if value in (None, "") else [str(value)]
    if field == "steps":
        return [
            " — ".join(
                part for part in (f"{number}. {text(step['title'])}", text(step["who"]), text(step["where"])) if part
            )
            for number, step in enumerate(value, start=1)
        ]
    if field == "documents":
        return [text(row["document"]) for row in value]
    if field == "legal_references":
        return [
            m.LegalReference(
                act=text(row["act"]), article=row["article"], paragraph=row["paragraph"], point=row["point"]
            ).citation
            for row in value
        ]
    names = dict(
        m.TaxonomyTerm.objects.filter(id__in=[term for _type, term, _value in value]).values_list("id", "name")
    )
    kinds = dict(m.Attribute.LinkType.choices)
    lines = []
    for link_type, term, term_value in value:
        line = f"{kinds.get(link_type, link_type)}: {names.get(uuid.UUID(term), term)}"
        lines.append(f"{line} = {term_value}" if term_value else line)
    return lines


def review_sides(review: m.MasterReview) -> dict[str, list[str]]:
    """The review's three columns: the municipality's text now, the national text before and now."""
    return {
        "own": describe(review.field, _service_value(review.service, review.field)),
        "before": describe(review.field, review.before),
        "after": describe(review.field, review.after),
    }
