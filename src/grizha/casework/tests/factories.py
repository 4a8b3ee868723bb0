"""Answers to the public forms of casework, as a person would send them."""

from __future__ import annotations

import time
from typing import Any

from grizha.core.forms import started_token

SLIVEN = "67338"  # the town: no mayoralty of its own, served by the central office
BIKOVO = "04039"  # a village with its own mayoralty office
BINKOS = "04114"  # a village whose mayoralty has no office listed


def shown_minutes_ago(minutes: float = 2) -> str:
    return started_token(time.time() - minutes * 60)


def visit_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "kind": "home_visit",
        "about": "Help at home for my mother",
        "settlement": SLIVEN,
        "best_time": "morning",
        "visit_needs": ["sign_language"],
        "name": "Ivanka Petrova",
        "phone": "0881 234 567",
        "email": "",
        "consent": "on",
        "service": "",
        "started": shown_minutes_ago(),
        "website": "",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def feedback_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "problem": "The map link cannot be reached with the keyboard",
        "page_url": "/offices/",
        "contact": "",
        "started": shown_minutes_ago(),
        "website": "",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}
