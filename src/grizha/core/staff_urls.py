"""Staff pages of core; mounted at /staff/tasks/."""

from django.urls import path

from grizha.core import staff_views

urlpatterns = [
    path("", staff_views.failed_tasks, name="staff-failed-tasks"),
    path("<uuid:task_id>/retry/", staff_views.failed_task_retry_view, name="staff-failed-task-retry"),
]
