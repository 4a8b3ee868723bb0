"""The WSGI application that `grizha serve` runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grizha.config.settings")
application = get_wsgi_application()
