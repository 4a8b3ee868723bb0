"""Staff pages of the installation itself: the background tasks that failed, for administrators."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tasks_db.models import DBTaskResult

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.core.failed_tasks import failed_task_retry, failed_tasks_page


@staff_required(Capability.MANAGE_STAFF)
@require_GET
def failed_tasks(request: HttpRequest) -> HttpResponse:
    page = failed_tasks_page(page=request.GET.get("page"))
    return render(request, "core/staff/failed_tasks.html", {"page": page})


@staff_required(Capability.MANAGE_STAFF)
@require_POST
def failed_task_retry_view(request: HttpRequest, task_id: UUID) -> HttpResponse:
    try:
        failed_task_retry(by=staff_user(request), task_id=task_id)
    except DBTaskResult.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The task is queued again; a worker will run it shortly."))
    return redirect("staff-failed-tasks")
