"""Mail without a mail server: kept as files in the data folder's outbox, so nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SEND = """
import django; django.setup()
from django.core.mail import send_mail
send_mail("Услугите, които търсите", "Патронаж", "grizha@localhost", ["person@example.org"])
"""


def test_without_a_mail_server_mail_is_kept_in_the_outbox(tmp_path: Path) -> None:
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "grizha.config.settings"}
    env.pop("EMAIL_HOST", None)
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", SEND], env=env, check=True, timeout=60)
    (message,) = (tmp_path / "outbox").iterdir()
    text = message.read_text(encoding="utf-8")
    assert "person@example.org" in text
