"""What the public site learns about its service pages, with nothing about the people who use it: answers
to "Was this page useful?", how often each page is read, and the searches that found nothing.

These tables are not the catalog's: a write to the catalog moves its version and empties every page
cache (grizha.catalog.versioning), so counting a page view must never write a catalog row."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grizha.core.models import UUIDModel

COMMENT_MAX_CHARS = 1000
QUERY_MAX_CHARS = 200


class Feedback(UUIDModel):
    """One answer to "Was this page useful?" on a service's page, with an optional comment. Anonymous:
    no address, account or contact is asked for or kept, and numbers, phone numbers and e-mail addresses
    are masked in the comment before it is saved (grizha.usage.masking)."""

    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="+"
    )
    useful = models.BooleanField(_("found the page useful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_CHARS, blank=True)
    language = models.CharField(_("language of the page"), max_length=2, default="bg")

    class Meta:
        verbose_name = _("feedback on a service page")
        verbose_name_plural = _("feedback on service pages")
        indexes = [models.Index(fields=["service", "created_at"])]

    def __str__(self) -> str:
        return f"{self.service_id}: {'yes' if self.useful else 'no'}"


class PageView(UUIDModel):
    """How many times a service's public page was read on one day (robots are not counted)."""

    # No database constraint, as for the analytics snapshots: counts are written in batches, and a
    # service deleted in the meantime must not make the whole batch fail.
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views of a service page")
        verbose_name_plural = _("views of service pages")
        constraints = [models.UniqueConstraint(fields=["service", "day"], name="usage_page_view_once_a_day")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.service_id}: {self.count}"


class MissedSearch(UUIDModel):
    """How many times one search found no service on one day, in one municipality's site. The query is
    kept as the search analyzer reads it (lower case, without punctuation or stop words), with numbers,
    phone numbers and e-mail addresses taken out."""

    query = models.CharField(_("search"), max_length=QUERY_MAX_CHARS)
    municipality = models.CharField(_("municipality"), max_length=5)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(fields=["query", "municipality", "day"], name="usage_missed_search_once_a_day")
        ]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.municipality} {self.query!r}: {self.count}"
