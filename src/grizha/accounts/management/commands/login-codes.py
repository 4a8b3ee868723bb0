"""`grizha login-codes USERNAME`: new backup codes for a member of staff, printed once.

The first administrator (made with `grizha createsuperuser`) logs in with one of them, then adds an
authenticator app at /staff/login-codes/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grizha.accounts.services import backup_codes_issue


class Command(BaseCommand):
    help = "Print new backup login codes for a member of staff (the old ones stop working)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--count", type=int, default=10)

    def handle(self, *args: Any, username: str, count: int, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff: give them staff status in the admin first.")
        for code in backup_codes_issue(user=user, count=count):
            self.stdout.write(code)
