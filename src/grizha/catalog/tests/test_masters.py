"""Services derived from a national master description: a field follows the master until the
municipality writes its own; a change of the master reaches every follower and is put to review where
a municipality had its own text."""

from __future__ import annotations

import pytest
from django.utils import translation

from grizha.catalog import masters
from grizha.catalog.models import (
    AccessStep,
    Attribute,
    LegalReference,
    MasterDescription,
    MasterReview,
    MasterStep,
    MasterTerm,
    Service,
    TaxonomyTerm,
)
from grizha.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _master(**fields: object) -> MasterDescription:
    master = MasterDescription.objects.create(
        code="test-patronage",
        name_bg="Домашен социален патронаж",
        name_en="Home social patronage",
        description_bg="Храна, хигиена и грижа у дома.",
        description_en="Meals, hygiene and care at home.",
        easy_read_bg="Носим ви храна у дома.",
        easy_read_en="We bring meals to your home.",
        legal_basis_bg="Закон за социалните услуги",
        legal_basis_en="Social Services Act",
        **fields,
    )
    MasterStep.objects.create(master=master, position=1, title_bg="Подайте заявление", title_en="Apply")
    LegalReference.objects.create(
        master=master, act_bg="Закон за социалните услуги", act_en="Social Services Act", article="15"
    )
    need = TaxonomyTerm.objects.get(taxonomy__code="bg-need", code="meals")
    MasterTerm.objects.create(master=master, taxonomy_term=need, link_type="need")
    return master


def _derived(master: MasterDescription, municipality: str = "SLV20", **local: object) -> Service:
    return masters.service_derive(master=master, municipality_id=municipality, **local)


def _change(master: MasterDescription, **fields: object) -> masters.Propagation:
    before = masters.master_snapshot(master)
    for name, value in fields.items():
        setattr(master, name, value)
    master.save()
    return masters.master_propagate(master=master, before=before)


def test_a_derived_service_takes_every_field_from_its_master() -> None:
    master = _master()
    service = _derived(master)
    service.refresh_from_db()
    assert (service.name_bg, service.name_en) == ("Домашен социален патронаж", "Home social patronage")
    assert service.easy_read_en == "We bring meals to your home."
    assert [step.title_en for step in service.access_steps.all()] == ["Apply"]
    assert [ref.article for ref in service.legal_references.all()] == ["15"]
    assert service.attributes.filter(link_type="need", taxonomy_term__code="meals").exists()
    assert not any(masters.field_states(service).values())


def test_deriving_while_english_is_active_keeps_each_language_in_its_column() -> None:
    master = _master()
    with translation.override("en"):
        service = _derived(master)
    service.refresh_from_db()
    assert (service.name_bg, service.name_en) == ("Домашен социален патронаж", "Home social patronage")


def test_a_field_the_service_did_not_change_follows_the_master() -> None:
    master = _master()
    first, second = _derived(master), _derived(master, municipality="SOF46")
    result = _change(master, easy_read_bg="Носим ви топла храна у дома.", easy_read_en="We bring hot meals home.")
    assert result.followed == 2 and result.reviews == 0
    for service in (first, second):
        service.refresh_from_db()
        assert service.easy_read_en == "We bring hot meals home."
        assert service.easy_read_bg == "Носим ви топла храна у дома."


def test_a_local_override_survives_a_master_change_and_is_put_to_review() -> None:
    master = _master()
    service = _derived(master)
    service.description_bg, service.description_en = "Само в Сливен и селата.", "Only in Sliven and its villages."
    service.save()
    assert masters.field_states(service)["description"] is True

    result = _change(master, description_bg="Нов национален текст.", description_en="New national text.")

    service.refresh_from_db()
    assert service.description_en == "Only in Sliven and its villages."
    assert result.reviews == 1
    review = MasterReview.objects.get(service=service, field="description", status="pending")
    assert review.before["en"] == "Meals, hygiene and care at home."
    assert review.after["en"] == "New national text."


def test_a_second_change_updates_the_pending_review_and_keeps_what_was_seen_before() -> None:
    master = _master()
    service = _derived(master)
    service.description_en = "Ours."
    service.save()
    _change(master, description_en="Second.")
    _change(master, description_en="Third.")
    review = MasterReview.objects.get(service=service, field="description", status="pending")
    assert (review.before["en"], review.after["en"]) == ("Meals, hygiene and care at home.", "Third.")


def test_taking_the_national_text_applies_it_and_keeping_leaves_the_own_text() -> None:
    master = _master()
    taking, keeping = _derived(master), _derived(master, municipality="SOF46")
    for service in (taking, keeping):
        service.wait_time_en = "Two weeks."
        service.save()
    _change(master, wait_time_en="Ten days.")
    masters.review_decide(review=MasterReview.objects.get(service=taking), take=True, actor=None)
    masters.review_decide(review=MasterReview.objects.get(service=keeping), take=False, actor=None)
    taking.refresh_from_db()
    keeping.refresh_from_db()
    assert taking.wait_time_en == "Ten days."
    assert keeping.wait_time_en == "Two weeks."
    assert set(MasterReview.objects.values_list("status", flat=True)) == {"taken", "kept"}
    assert AuditEvent.objects.filter(action="grizha.catalog.master_review.kept").count() == 1


def test_a_kept_text_is_asked_about_again_only_when_the_master_changes_again() -> None:
    master = _master()
    service = _derived(master)
    service.wait_time_en = "Ours."
    service.save()
    _change(master, wait_time_en="National 1.")
    masters.review_decide(review=MasterReview.objects.get(service=service), take=False, actor=None)
    _change(master, name_en="Home patronage")  # another field: nothing to ask about wait_time
    assert not MasterReview.objects.filter(status="pending").exists()
    _change(master, wait_time_en="National 2.")
    assert MasterReview.objects.get(status="pending").after["en"] == "National 2."


def test_steps_and_legal_provisions_follow_as_a_whole() -> None:
    master = _master()
    service = _derived(master)
    before = masters.master_snapshot(master)
    MasterStep.objects.create(master=master, position=2, title_bg="Чакайте оценка", title_en="Wait for the assessment")
    master.legal_references.update(paragraph="1")
    masters.master_propagate(master=master, before=before)
    assert [s.title_en for s in AccessStep.objects.filter(service=service)] == ["Apply", "Wait for the assessment"]
    assert [(r.article, r.paragraph) for r in service.legal_references.all()] == [("15", "1")]


def test_own_steps_are_not_replaced_but_reviewed() -> None:
    master = _master()
    service = _derived(master)
    AccessStep.objects.create(
        service=service, position=2, title_bg="Елате в кметството", title_en="Come to the mayoralty"
    )
    before = masters.master_snapshot(master)
    MasterStep.objects.create(master=master, position=2, title_bg="Чакайте", title_en="Wait")
    masters.master_propagate(master=master, before=before)
    assert [s.title_en for s in service.access_steps.all()] == ["Apply", "Come to the mayoralty"]
    assert MasterReview.objects.get(service=service).field == "steps"


def test_a_municipality_whose_text_becomes_the_national_one_has_nothing_left_to_review() -> None:
    master = _master()
    service = _derived(master)
    service.fees_description_en = "Free for people over 80."
    service.save()
    _change(master, fees_description_en="Paid by the hour.")
    _change(master, fees_description_en="Free for people over 80.")
    assert MasterReview.objects.get(service=service).status == "taken"


def test_a_cleared_field_returns_to_the_national_text() -> None:
    master = _master()
    service = _derived(master)
    service.easy_read_bg = service.easy_read_en = ""
    service.save()
    assert masters.service_fill_from_master(service=service) == ["easy_read"]
    service.refresh_from_db()
    assert service.easy_read_en == "We bring meals to your home."


def test_returning_a_field_to_the_master_settles_its_review() -> None:
    master = _master()
    service = _derived(master)
    service.name_en = "Patronage in Sliven"
    service.save()
    _change(master, name_en="Home patronage")
    masters.service_follow_master(service=service, field="name", actor=None)
    service.refresh_from_db()
    assert service.name_en == "Home patronage"
    assert MasterReview.objects.get(service=service).status == "taken"


def test_a_service_without_a_master_is_left_alone() -> None:
    master = _master()
    own = Service.objects.filter(master__isnull=True).first()
    assert own is not None
    name = own.name_en
    _change(master, name_en="Home patronage")
    own.refresh_from_db()
    assert own.name_en == name
    assert masters.field_states(own) == {}


def test_attributes_of_a_master_reach_screening_and_search_through_the_service() -> None:
    master = _master()
    service = _derived(master)
    before = masters.master_snapshot(master)
    older = TaxonomyTerm.objects.get(taxonomy__code="bg-target-group", code="elderly")
    MasterTerm.objects.create(master=master, taxonomy_term=older, link_type="audience")
    masters.master_propagate(master=master, before=before)
    assert Attribute.objects.filter(service=service, link_type="audience", taxonomy_term=older).exists()
