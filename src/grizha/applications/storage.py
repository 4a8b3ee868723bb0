"""Where uploaded documents are kept: a folder outside the web root (GRIZHA_UPLOADS_DIR), never served
by the web server or whitenoise; staff read a document only through a view that checks their scope."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


class PrivateStorage(FileSystemStorage):
    """Files under GRIZHA_UPLOADS_DIR as the settings say at the moment of use (tests change it), with
    no web address."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.GRIZHA_UPLOADS_DIR)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("uploaded documents have no web address; staff read them through a view")


_storage = PrivateStorage()


def private_storage() -> Storage:
    return _storage
