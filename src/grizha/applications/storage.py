"""Where uploaded documents are kept: a folder outside the web root (GRIZHA_UPLOADS_DIR), never served
by the web server or whitenoise; staff read a document only through a view that checks their scope."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def private_storage() -> Storage:
    # A callable, so that the folder is read from the settings of the moment (tests change it).
    return FileSystemStorage(location=settings.GRIZHA_UPLOADS_DIR, base_url=None)
