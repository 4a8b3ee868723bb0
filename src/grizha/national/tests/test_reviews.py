"""A national editor changes a master description in the admin; the change reaches every service that
followed it, and a municipality with its own text reviews it side by side."""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from grizha.accounts.roles import Role
from grizha.accounts.testing import log_in, office_of, staff_member
from grizha.catalog import masters
from grizha.catalog.models import MasterDescription, MasterReview, Service
from grizha.demo.loader import demo_id
from grizha.territory.models import Office

pytestmark = pytest.mark.django_db


def _patronage() -> Service:
    return Service.objects.get(id=demo_id("service", "patronazh"))


def _admin_form(client: Client, url: str) -> dict[str, object]:
    """The admin page's form as the browser would send it, unchanged."""
    page = lxml.html.fromstring(client.get(url).content.decode())
    form = next(f for f in page.forms if f.get("id", "").endswith("_form"))
    values: dict[str, object] = {}
    for name, value in form.form_values():
        values.setdefault(name, [])
        values[name].append(value)  # type: ignore[attr-defined]
    return {name: value[0] if len(value) == 1 else value for name, value in values.items()}  # type: ignore[arg-type]


def _editor(client: Client, role: str) -> Client:
    """A member of staff with the admin's catalog permissions, as the demo's editor has."""
    user = staff_member(role)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    return log_in(client, user)


def _own_description() -> Service:
    service = _patronage()
    service.description_bg = "Наш текст за патронажа в Сливен."
    service.description_en = "Our own words about patronage in Sliven."
    service.save()
    return service


def _change_master_easy_read_and_description(master: MasterDescription) -> None:
    before = masters.master_snapshot(master)
    master.easy_read_en = "We bring you a hot lunch at home."
    master.description_bg = "Национален текст за домашния патронаж, променен."
    master.description_en = "A national text about home patronage, changed."
    master.save()
    masters.master_propagate(master=master, before=before)


def test_a_national_editor_saves_a_master_in_the_admin_and_followers_take_it(client: Client) -> None:
    service = _own_description()
    master = service.master
    assert master is not None
    _editor(client, Role.NATIONAL_EDITOR)
    url = f"/admin/catalog/masterdescription/{master.id}/change/"
    data = _admin_form(client, url)
    data["easy_read_en"] = "Hot lunch at your door."
    data["description_en"] = "Changed national description."
    response = client.post(url, data)
    assert response.status_code == 302, lxml.html.fromstring(response.content.decode()).xpath(
        "//ul[contains(@class, 'errorlist')]//text() | //p[contains(@class, 'errornote')]//text()"
    )
    service.refresh_from_db()
    assert service.easy_read_en == "Hot lunch at your door."  # followed
    assert service.description_en == "Our own words about patronage in Sliven."  # its own, kept
    assert MasterReview.objects.filter(service=service, field="description", status="pending").exists()


def test_a_municipal_editor_cannot_change_a_master(client: Client) -> None:
    master = _patronage().master
    assert master is not None
    _editor(client, Role.CATALOG_EDITOR)
    url = f"/admin/catalog/masterdescription/{master.id}/change/"
    page = client.get(url).content.decode()
    assert 'name="description_en"' not in page  # read only
    assert client.post(url, {"description_en": "x"}).status_code == 403


def test_the_service_page_in_the_admin_names_its_own_fields(client: Client) -> None:
    service = _own_description()
    _editor(client, Role.NATIONAL_EDITOR)
    body = client.get(f"/admin/catalog/service/{service.id}/change/").content.decode()
    assert "description" in body.lower()
    assert 'name="master"' in body


def test_an_editor_sees_the_change_side_by_side_and_takes_the_national_text(client: Client) -> None:
    service = _own_description()
    assert service.master is not None
    _change_master_easy_read_and_description(service.master)
    log_in(client, staff_member(Role.CATALOG_EDITOR, office=office_of()))
    review = MasterReview.objects.get(service=service, status="pending")
    listing = client.get("/staff/national/reviews/").content.decode()
    assert f"/staff/national/reviews/{review.id}/" in listing
    page = client.get(f"/staff/national/reviews/{review.id}/").content.decode()
    assert "Наш текст за патронажа в Сливен." in page
    assert "<ins>" in page and "<del>" in page

    response = client.post(f"/staff/national/reviews/{review.id}/", {"decision": "take"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description_en == "A national text about home patronage, changed."
    review.refresh_from_db()
    assert review.status == "taken" and review.decided_by is not None


def test_keeping_the_own_text_leaves_the_service_as_it_was(client: Client) -> None:
    service = _own_description()
    assert service.master is not None
    _change_master_easy_read_and_description(service.master)
    log_in(client, staff_member(Role.CATALOG_EDITOR, office=office_of()))
    review = MasterReview.objects.get(service=service)
    client.post(f"/staff/national/reviews/{review.id}/", {"decision": "keep"})
    service.refresh_from_db()
    assert service.description_en == "Our own words about patronage in Sliven."
    assert MasterReview.objects.get(pk=review.pk).status == "kept"


def test_no_decision_chosen_says_what_to_do(client: Client) -> None:
    service = _own_description()
    assert service.master is not None
    _change_master_easy_read_and_description(service.master)
    log_in(client, staff_member(Role.CATALOG_EDITOR, office=office_of()))
    review = MasterReview.objects.get(service=service)
    response = client.post(f"/staff/national/reviews/{review.id}/", {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body and 'href="#id_decision_0"' in body
    assert MasterReview.objects.get(pk=review.pk).status == "pending"


def test_another_municipality_does_not_see_the_review_and_a_national_editor_cannot_decide(client: Client) -> None:
    service = _own_description()
    assert service.master is not None
    _change_master_easy_read_and_description(service.master)
    review = MasterReview.objects.get(service=service)
    sofia = Office.objects.create(
        municipality_id="SOF46", kind=Office.Kind.CENTRAL, name="Sofia", settlement_id="68134", address="x"
    )
    log_in(client, staff_member(Role.CATALOG_EDITOR, office=sofia))
    assert client.get(f"/staff/national/reviews/{review.id}/").status_code == 404
    assert f"{review.id}" not in client.get("/staff/national/reviews/").content.decode()

    client.logout()
    log_in(client, staff_member(Role.NATIONAL_EDITOR, office=sofia))
    page = client.get(f"/staff/national/reviews/{review.id}/").content.decode()
    assert 'name="decision"' not in page
    client.post(f"/staff/national/reviews/{review.id}/", {"decision": "take"})
    assert MasterReview.objects.get(pk=review.pk).status == "pending"


def test_front_office_has_no_access(client: Client) -> None:
    log_in(client, staff_member(Role.FRONT_OFFICE, office=office_of()))
    assert client.get("/staff/national/reviews/").status_code == 403
