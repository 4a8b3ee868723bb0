"""The news feed (Atom) of current information campaigns, in the language of its address."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from grizha.paper import qr, selectors
from grizha.paper.models import Campaign

FEED_ENTRIES = 50


def _language() -> str:
    return get_language() or "bg"


class CampaignFeed(Feed):
    feed_type = Atom1Feed
    title = _("News about social services")
    subtitle = _("Announcements and information campaigns of the municipality.")

    def link(self) -> str:
        return qr.page_url("home", language=_language())

    def feed_url(self) -> str:
        return qr.page_url("campaign-feed", language=_language())

    def items(self) -> list[Campaign]:
        return selectors.current_campaigns(limit=FEED_ENTRIES)

    def item_title(self, item: Campaign) -> str:
        return item.title

    def item_description(self, item: Campaign) -> str:
        return item.body

    def item_link(self, item: Campaign) -> str:
        return qr.page_url("campaign-detail", item.id, language=_language())

    def item_pubdate(self, item: Campaign) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Campaign) -> datetime:
        return item.updated_at
