"""`grizha import-iisda`: the sample imports, fields land on the services and national descriptions with the
same number, unmatched numbers are reported, bad files are named and change nothing, a dry run saves nothing."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from grizha.catalog import models as m
from grizha.catalog.masters import service_derive
from grizha.demo.loader import demo_id
from grizha.national.iisda import IisdaError, iisda_parse

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parents[1] / "data" / "iisda-sample.json"


def run(path: Path, *args: str, lang: str = "en") -> str:
    out = io.StringIO()
    with translation.override(lang):
        call_command("import-iisda", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fails(path: Path, *args: str, lang: str = "en") -> str:
    with translation.override(lang), pytest.raises(CommandError) as raised:
        call_command("import-iisda", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return str(raised.value)


def sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: Any, name: str = "iisda.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def numbered(key: str, number: str) -> m.Service:
    service = m.Service.objects.get(id=demo_id("service", key))
    service.iisda_number = number
    service.save()
    return service


def state(service: m.Service) -> tuple[Any, ...]:
    """Everything the import may change on a service, as read from the database."""
    service = m.Service.objects.get(id=service.id)
    return (
        service.decision_days,
        service.result_validity_bg,
        service.result_validity_en,
        service.appeal_body_bg,
        service.channels,
        service.eservice_level,
        sorted((r.act_bg, r.article, r.paragraph, r.point) for r in service.legal_references.all()),
        sorted((c.tier, c.amount, c.option_bg) for c in service.cost_options.all()),
        service.last_modified,
    )


def test_the_sample_is_valid_and_has_bilingual_texts() -> None:
    records = iisda_parse(sample())
    assert 4 <= len(records) <= 6
    for record in records:
        assert record.name["bg"] and record.name["en"]
        assert record.legal_basis
        for provision in record.legal_basis:
            assert provision.act["bg"] and provision.act["en"]
        for name in ("result_validity", "appeal_body"):
            assert record.values[name]["bg"] and record.values[name]["en"]


def test_the_sample_imports_onto_a_service_with_the_same_number() -> None:
    service = numbered("informirane-konsultirane", "2016")
    own = m.CostOption.objects.create(service=service, option="Консултация", amount=Decimal("0.00"))
    output = run(SAMPLE)

    service = m.Service.objects.get(id=service.id)
    assert service.decision_days == 14
    assert service.result_validity_bg == "Безсрочно"
    assert service.result_validity_en == "No expiry"
    assert service.appeal_body_en.startswith("Before the competent administrative court")
    assert service.channels == ["in-person", "post", "electronic"]
    assert service.eservice_level == "apply"
    with translation.override("en"):
        citations = [r.citation for r in service.legal_references.all()]
    assert citations[0] == "Art. 24, para. 1 of the Civil Registration Act"
    assert citations[1] == "Art. 106, para. 1, item 1 of the Civil Registration Act"
    assert len(citations) == 4
    tiers = {c.tier: c for c in service.cost_options.exclude(tier="")}
    assert set(tiers) == {"normal", "fast", "express"}
    assert tiers["normal"].amount == Decimal("2.56") and tiers["normal"].currency == "EUR"
    assert tiers["express"].payment_methods == ["cash", "card"]
    assert tiers["fast"].option_en == "Fast – within 3 days"
    assert m.CostOption.objects.filter(id=own.id).exists(), "a fee the municipality wrote itself stays"
    assert "IISDA 2016" in output
    assert "deadline for a decision (days)" in output


def test_a_second_import_changes_nothing() -> None:
    service = numbered("informirane-konsultirane", "2016")
    run(SAMPLE)
    before = state(service)
    output = run(SAMPLE)
    assert state(service) == before
    assert "no change" in output


def test_fees_and_provisions_are_replaced_not_added(tmp_path: Path) -> None:
    service = numbered("informirane-konsultirane", "2016")
    run(SAMPLE)
    data = sample()
    record = next(r for r in data["services"] if r["number"] == "2016")
    record["fees"] = [{"tier": "normal", "amount": 3, "payment_methods": ["online"]}]
    record["legal_basis"] = [{"act": {"bg": "Закон за социалните услуги", "en": "Social Services Act"}, "article": 15}]
    run(write(tmp_path, data))
    options = list(service.cost_options.exclude(tier=""))
    assert [(o.tier, o.amount, o.payment_methods) for o in options] == [("normal", Decimal("3.00"), ["online"])]
    assert [(r.act_en, r.article) for r in service.legal_references.all()] == [("Social Services Act", "15")]


def test_unmatched_numbers_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, {"services": [{"number": "8888", "name": "Няма такава", "decision_days": 3}]})
    output = run(path)
    assert "IISDA 8888 Няма такава: no service or national description has this number." in output
    assert "1 numbers not found" in output


def test_only_the_given_municipality_changes(tmp_path: Path) -> None:
    ours = numbered("informirane-konsultirane", "2036")
    other_code = m.Service.objects.exclude(municipality_id="SLV20").values_list("municipality_id", flat=True).first()
    from grizha.territory.models import Municipality

    other_code = other_code or Municipality.objects.exclude(code="SLV20").order_by("code").first().code  # type: ignore[union-attr]
    theirs = m.Service.objects.create(municipality_id=other_code, name="Удостоверение", iisda_number="2036")
    run(SAMPLE, "--municipality", "slv20")
    assert m.Service.objects.get(id=ours.id).decision_days == 5
    assert m.Service.objects.get(id=theirs.id).decision_days is None


def test_an_unknown_municipality_is_named() -> None:
    message = fails(SAMPLE, "--municipality", "XXX99")
    assert "No municipality has the EKATTE code XXX99." in message
    assert "nothing was imported" in message


def test_a_dry_run_changes_nothing() -> None:
    service = numbered("informirane-konsultirane", "2016")
    before = state(service)
    reviews, legal = m.MasterReview.objects.count(), m.LegalReference.objects.count()
    output = run(SAMPLE, "--dry-run")
    assert state(service) == before
    assert (m.MasterReview.objects.count(), m.LegalReference.objects.count()) == (reviews, legal)
    assert "deadline for a decision (days)" in output, "the report says what a real run would change"
    assert "Dry run: nothing was saved." in output


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [
        (lambda r: r["fees"][0].update(tier="slow"), "Record 2 (IISDA 2036)", "fees[0].tier"),
        (lambda r: r["fees"][1].update(amount="3,50"), "Record 2 (IISDA 2036)", "fees[1].amount"),
        (lambda r: r["fees"][1].update(currency="BGN"), "Record 2 (IISDA 2036)", "fees[1].currency"),
        (lambda r: r.update(channels=["fax"]), "Record 2 (IISDA 2036)", "channels[0]"),
        (lambda r: r.update(decision_days="14"), "Record 2 (IISDA 2036)", "decision_days"),
        (lambda r: r.update(eservice_level="full"), "Record 2 (IISDA 2036)", "eservice_level"),
        (lambda r: r["legal_basis"][0].pop("act"), "Record 2 (IISDA 2036)", "legal_basis[0].act"),
        (lambda r: r["legal_basis"][0].update(url="not a link"), "Record 2 (IISDA 2036)", "legal_basis[0].url"),
        (lambda r: r.update(appeal_body={"en": "Court only in English"}), "Record 2 (IISDA 2036)", "appeal_body.bg"),
        (lambda r: r.update(deadline=14), "Record 2 (IISDA 2036)", "deadline"),
        (lambda r: r.update(number="20-36"), "Record 2", "number"),
        (lambda r: r.update(number="2016"), "Record 2 (IISDA 2016)", "number"),
    ],
)
def test_a_malformed_record_is_named_and_nothing_changes(tmp_path: Path, change: Any, where: str, field: str) -> None:
    first = numbered("informirane-konsultirane", "2016")
    second = numbered("lichna-pomosht", "2036")
    before = (state(first), state(second))
    data = sample()
    change(data["services"][1])
    message = fails(write(tmp_path, data))
    assert where in message
    assert f"field “{field}”" in message
    assert "nothing was imported" in message
    assert (state(first), state(second)) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"services": [', "not valid JSON (line 1, column 15)"),
        ("[]", "Write an object with keys and values."),
        ('{"records": []}', "field “records”"),
        ('{"services": {}}', "Put the services in a list"),
        ('{"services": ["2016"]}', "Record 1"),
    ],
)
def test_a_malformed_file_is_explained(tmp_path: Path, content: str, expected: str) -> None:
    assert expected in fails(write(tmp_path, content))


def test_a_missing_file_is_explained(tmp_path: Path) -> None:
    assert "cannot be read" in fails(tmp_path / "none.json")


def test_errors_are_translated() -> None:
    with translation.override("bg"), pytest.raises(IisdaError) as raised:
        iisda_parse({"services": [{"number": "2016", "channels": ["fax"]}]})
    assert "channels[0]" in str(raised.value)
    assert "fax" in str(raised.value)


def test_a_national_description_changes_and_its_services_follow_or_get_a_review() -> None:
    master = m.MasterDescription.objects.create(code="assistance-test", name="Лична помощ", iisda_number="9901")
    following = service_derive(master=master, municipality_id="SLV20", name="Лична помощ в Сливен")
    own = service_derive(master=master, municipality_id="SLV20", name="Лична помощ – собствен текст")
    own.appeal_body_bg = "Пред кмета на общината"
    own.save()

    output = run(SAMPLE)

    master.refresh_from_db()
    assert master.decision_days == 14
    assert master.eservice_level == "form"
    assert [r.act_en for r in master.legal_references.all()] == [
        "Personal Assistance Act",
        "Regulations implementing the Personal Assistance Act",
    ]
    following.refresh_from_db()
    assert following.appeal_body_en == master.appeal_body_en
    assert following.legal_references.count() == 2
    own.refresh_from_db()
    assert own.appeal_body_bg == "Пред кмета на общината", "a municipality's own text is kept"
    assert own.master_reviews.filter(field="appeal_body", status="pending").exists()
    assert "national description assistance-test" in output
