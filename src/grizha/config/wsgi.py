"""The WSGI application that `grizha serve` runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grizha.config.settings")
application = get_wsgi_application()

if os.environ.get("GRIZHA_TASKS_IN_PROCESS") == "1":
    # `grizha demo`: background tasks in a thread of this process instead of a `grizha worker`.
    from grizha.core.tasks import ensure_periodic, start_inprocess_worker

    start_inprocess_worker()
    ensure_periodic()
