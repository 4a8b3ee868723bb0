"""The demo municipality: complete enough to show every part of the product, and loaded idempotently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.models import Count, Q

from grizha.catalog.models import Attribute, Service, TaxonomyTerm
from grizha.demo.loader import load_demo
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


def test_demo_covers_every_service_type_of_the_social_services_act() -> None:
    types = set(TaxonomyTerm.objects.filter(taxonomy__code="bg-social-service-type").values_list("code", flat=True))
    used = set(Attribute.objects.filter(link_type="service_type").values_list("taxonomy_term__code", flat=True))
    assert types == used


def test_demo_has_the_services_a_front_office_refers_to() -> None:
    assert Service.objects.filter(municipality_id="SLV20").count() >= 35
    kinds = set(Attribute.objects.filter(link_type="activity_kind").values_list("taxonomy_term__code", flat=True))
    assert {"social-service", "personal-assistance", "benefit"} <= kinds
    assert Service.objects.filter(name_bg__icontains="патронаж").exists()
    assert Service.objects.filter(name_bg__icontains="трапезария").exists()
    assert Office.objects.filter(kind="mayoralty").count() >= 5


def test_every_demo_service_carries_the_attributes_that_carry_meaning() -> None:
    services = Service.objects.annotate(
        kinds=Count("attributes", filter=Q(attributes__link_type="activity_kind")),
        routes=Count("attributes", filter=Q(attributes__link_type="access_route")),
        audiences=Count("attributes", filter=Q(attributes__link_type="audience")),
        needs=Count("attributes", filter=Q(attributes__link_type="need")),
    )
    for service in services:
        assert service.kinds and service.routes and service.audiences and service.needs, service.name
        assert service.name_en and service.description_en and service.description_bg, service.name
    social = Service.objects.filter(
        attributes__taxonomy_term__code="social-service", attributes__link_type="activity_kind"
    )
    for service in social:
        assert service.attributes.filter(link_type="service_type").exists(), service.name


def test_each_service_has_its_own_texts() -> None:
    descriptions = list(Service.objects.values_list("description_bg", flat=True))
    assert len(set(descriptions)) == len(descriptions)


def test_a_second_load_adds_nothing_and_keeps_edits() -> None:
    service = Service.objects.first()
    assert service is not None
    Service.objects.filter(id=service.id).update(name_bg="Редактирано име")
    report = load_demo()
    assert report.total == 0
    assert Service.objects.get(id=service.id).name_bg == "Редактирано име"


def test_grizha_demo_prints_the_url_and_the_accounts(tmp_path: Path) -> None:
    env = {**os.environ, "GRIZHA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("GRIZHA_BASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "grizha.cli", "demo", "--no-serve", "--port", "8123"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert "URL: http://127.0.0.1:8123" in out.splitlines()
    accounts = [line for line in out.splitlines() if line.startswith("Account: ")]
    assert len(accounts) >= 2
    assert all(len(line.removeprefix("Account: ").split(" / ")) == 4 for line in accounts)
    assert (tmp_path / "grizha.sqlite3").exists()
