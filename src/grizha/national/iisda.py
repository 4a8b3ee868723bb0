"""`grizha import-iisda`: what the Register of administrative services (IISDA) says of a service, applied to
the services and national descriptions that carry its number, all or nothing.

The file's format is grizha's own JSON, documented in docs/iisda-import.md with a sample in
national/data/iisda-sample.json. The whole file is read and checked first; an error names the record and
the field, and nothing is written. A national description is changed through `grizha.catalog.masters`, so
the services that derive from it follow it, or get a change to review where they have their own text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from grizha.catalog import models as m
from grizha.catalog.masters import master_propagate, master_snapshot
from grizha.core.audit import log_action, register_actions
from grizha.territory.models import Municipality

register_actions({"grizha.national.iisda.applied": gettext_lazy("updated the service from the IISDA register")})

# The file's keys: IISDA's own fields, each applied to the model field of the same name (texts in every
# language), and the two lists of rows.
TEXT_FIELDS = ("result_validity", "appeal_body")
VALUE_FIELDS = ("decision_days", "channels", "eservice_level")
RECORD_KEYS = frozenset({"number", "name", "legal_basis", "fees", *TEXT_FIELDS, *VALUE_FIELDS})
PROVISION_KEYS = frozenset({"act", "article", "paragraph", "point", "url"})
FEE_KEYS = frozenset({"tier", "amount", "currency", "payment_methods", "description"})
TOP_KEYS = frozenset({"format", "source", "exported", "services"})
CURRENCY = "EUR"
TIER_ORDER = [tier.value for tier in m.CostOption.Tier]
MAX_DECISION_DAYS = 32767  # the column is a PositiveSmallIntegerField
MAX_AMOUNT = Decimal("9999999999.99")  # max_digits=12, decimal_places=2

Text = dict[str, str]  # {language: text}


class IisdaError(Exception):
    """Invalid input, named by the record and the field; the message is in the active language."""

    def __init__(self, where: str, field_name: str, message: str) -> None:
        self.where, self.field_name, self.message = where, field_name, message
        if field_name:
            text = _("%(where)s, field “%(field)s”: %(message)s") % {
                "where": where,
                "field": field_name,
                "message": message,
            }
        else:
            text = _("%(where)s: %(message)s") % {"where": where, "message": message}
        super().__init__(text)


@dataclass(frozen=True)
class Provision:
    act: Text
    article: str = ""
    paragraph: str = ""
    point: str = ""
    url: str = ""


@dataclass(frozen=True)
class Fee:
    tier: str
    amount: Decimal
    currency: str
    payment_methods: tuple[str, ...]
    description: Text


@dataclass
class Record:
    """One service of the file: its number and the fields the file gives (a key left out changes nothing)."""

    number: str
    name: Text
    values: dict[str, Any] = field(default_factory=dict)  # TEXT_FIELDS and VALUE_FIELDS that were given
    legal_basis: list[Provision] | None = None
    fees: list[Fee] | None = None


# --- reading ---------------------------------------------------------------------------------------


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class _Reader:
    """Checks one record at a time; `where` names it in every message."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, field_name: str, message: str) -> IisdaError:
        return IisdaError(self.where, field_name, message)

    def keys(self, value: Any, allowed: frozenset[str], field_name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(field_name, _("Write an object with keys and values."))
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.error(
                f"{field_name}.{unknown[0]}" if field_name else unknown[0],
                _("This key is not known. Use one of: %(keys)s.") % {"keys": ", ".join(sorted(allowed))},
            )
        return value

    def text(self, value: Any, field_name: str, *, max_length: int, required: bool = False) -> Text:
        """A text in every language: {"bg": ..., "en": ...}, or a plain string, which is Bulgarian."""
        languages = _languages()
        if value is None:
            value = {}
        if isinstance(value, str):
            value = {settings.LANGUAGE_CODE: value}
        if not isinstance(value, dict):
            raise self.error(field_name, _("Write the text as {“bg”: “…”, “en”: “…”}."))
        unknown = sorted(set(value) - set(languages))
        if unknown:
            raise self.error(
                f"{field_name}.{unknown[0]}",
                _("Texts are given in these languages only: %(languages)s.") % {"languages": ", ".join(languages)},
            )
        text: Text = {}
        for code in languages:
            item = value.get(code)
            if item is not None and not isinstance(item, str):
                raise self.error(f"{field_name}.{code}", _("Write this text in quotes."))
            item = (item or "").strip()
            if len(item) > max_length:
                raise self.error(
                    f"{field_name}.{code}",
                    _("The text is longer than %(max)s characters.") % {"max": max_length},
                )
            text[code] = item
        if any(text.values()) and not text[settings.LANGUAGE_CODE]:
            raise self.error(
                f"{field_name}.{settings.LANGUAGE_CODE}",
                _("Give the text in Bulgarian as well; the other languages are translations of it."),
            )
        if required and not text[settings.LANGUAGE_CODE]:
            raise self.error(field_name, _("This text is required."))
        return text

    def short(self, value: Any, field_name: str, *, max_length: int) -> str:
        """A short code such as an article's number: a string, or a whole number."""
        if value is None:
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.error(field_name, _("Write this as text, such as “24” or “24а”."))
        value = value.strip()
        if len(value) > max_length:
            raise self.error(field_name, _("Write at most %(max)s characters.") % {"max": max_length})
        return value

    def codes(self, value: Any, field_name: str, choices: list[str]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(field_name, _("Write a list, such as [%(example)s].") % {"example": f'"{choices[0]}"'})
        found: list[str] = []
        for index, code in enumerate(value):
            if code not in choices:
                raise self.error(
                    f"{field_name}[{index}]",
                    _("“%(code)s” is not known. Use one of: %(codes)s.") % {"code": code, "codes": ", ".join(choices)},
                )
            if code not in found:
                found.append(code)
        return tuple(found)


def _provision(reader: _Reader, value: Any, field_name: str) -> Provision:
    data = reader.keys(value, PROVISION_KEYS, field_name)
    if "act" not in data:
        raise reader.error(f"{field_name}.act", _("Name the act, such as the Social Services Act."))
    url = reader.short(data.get("url"), f"{field_name}.url", max_length=500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise reader.error(f"{field_name}.url", _("Write a full web address, starting with https://.")) from None
    return Provision(
        act=reader.text(data["act"], f"{field_name}.act", max_length=300, required=True),
        article=reader.short(data.get("article"), f"{field_name}.article", max_length=20),
        paragraph=reader.short(data.get("paragraph"), f"{field_name}.paragraph", max_length=20),
        point=reader.short(data.get("point"), f"{field_name}.point", max_length=20),
        url=url,
    )


def _amount(reader: _Reader, value: Any, field_name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise reader.error(field_name, _("Write the amount as a number, such as 2.56."))
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise reader.error(field_name, _("Write the amount as a number, such as 2.56.")) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise reader.error(field_name, _("Write an amount from 0 to %(max)s.") % {"max": MAX_AMOUNT})
    if amount != amount.quantize(Decimal("0.01")):
        raise reader.error(field_name, _("Write the amount in euro and cents, with at most two decimals."))
    return amount.quantize(Decimal("0.01"))


def _fee(reader: _Reader, value: Any, field_name: str) -> Fee:
    data = reader.keys(value, FEE_KEYS, field_name)
    tier = data.get("tier")
    if tier not in TIER_ORDER:
        raise reader.error(
            f"{field_name}.tier",
            _("Use one of: %(codes)s.") % {"codes": ", ".join(TIER_ORDER)},
        )
    if "amount" not in data:
        raise reader.error(f"{field_name}.amount", _("Give the amount, such as 2.56."))
    currency = data.get("currency", CURRENCY)
    if currency != CURRENCY:
        raise reader.error(f"{field_name}.currency", _("Give amounts in euro (%(code)s).") % {"code": CURRENCY})
    return Fee(
        tier=tier,
        amount=_amount(reader, data["amount"], f"{field_name}.amount"),
        currency=currency,
        payment_methods=reader.codes(
            data.get("payment_methods"), f"{field_name}.payment_methods", [p.value for p in m.CostOption.Payment]
        ),
        description=reader.text(data.get("description"), f"{field_name}.description", max_length=300),
    )


def _number(reader: _Reader, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip().isdigit() or len(value.strip()) > 10:
        raise reader.error("number", _("Write the service's IISDA number: digits only, such as 2004."))
    return value.strip()


def _record(index: int, value: Any) -> Record:
    reader = _Reader(_("Record %(index)s") % {"index": index})
    if not isinstance(value, dict):
        raise reader.error("", _("Write each service as an object with keys and values."))
    if "number" not in value:
        raise reader.error("number", _("Give the service's IISDA number, such as 2004."))
    number = _number(reader, value["number"])
    reader.where = _("Record %(index)s (IISDA %(number)s)") % {"index": index, "number": number}
    data = reader.keys(value, RECORD_KEYS, "")
    record = Record(number=number, name=reader.text(data.get("name"), "name", max_length=300))
    for name in TEXT_FIELDS:
        if name in data:
            record.values[name] = reader.text(data[name], name, max_length=300)
    if "decision_days" in data:
        days = data["decision_days"]
        whole = isinstance(days, int) and not isinstance(days, bool)
        if days is not None and not (whole and 0 <= days <= MAX_DECISION_DAYS):
            raise reader.error("decision_days", _("Write the number of days as a whole number, such as 14."))
        record.values["decision_days"] = days
    if "channels" in data:
        record.values["channels"] = list(reader.codes(data["channels"], "channels", [c.value for c in m.Channel]))
    if "eservice_level" in data:
        level = data["eservice_level"] or ""
        levels = [level.value for level in m.EServiceLevel]
        if level and level not in levels:
            raise reader.error("eservice_level", _("Use one of: %(codes)s.") % {"codes": ", ".join(levels)})
        record.values["eservice_level"] = level
    if "legal_basis" in data:
        provisions = data["legal_basis"] if data["legal_basis"] is not None else []
        if not isinstance(provisions, list):
            raise reader.error("legal_basis", _("Write a list of provisions."))
        record.legal_basis = [_provision(reader, p, f"legal_basis[{i}]") for i, p in enumerate(provisions)]
    if "fees" in data:
        fees = data["fees"] if data["fees"] is not None else []
        if not isinstance(fees, list):
            raise reader.error("fees", _("Write a list of fees."))
        record.fees = [_fee(reader, f, f"fees[{i}]") for i, f in enumerate(fees)]
        tiers = [fee.tier for fee in record.fees]
        if len(set(tiers)) != len(tiers):
            raise reader.error("fees", _("Give each tier (normal, fast, express) once."))
    return record


def iisda_parse(data: Any) -> list[Record]:
    """The records of a decoded file, checked; raises IisdaError at the first problem."""
    file_reader = _Reader(_("The file"))
    top = file_reader.keys(data, TOP_KEYS, "")
    services = top.get("services")
    if not isinstance(services, list):
        raise file_reader.error("services", _("Put the services in a list under the key “services”."))
    records = [_record(index, value) for index, value in enumerate(services, start=1)]
    seen: dict[str, int] = {}
    for index, record in enumerate(records, start=1):
        if record.number in seen:
            raise IisdaError(
                _("Record %(index)s (IISDA %(number)s)") % {"index": index, "number": record.number},
                "number",
                _("Record %(other)s has the same number.") % {"other": seen[record.number]},
            )
        seen[record.number] = index
    return records


def iisda_read(path: Path) -> list[Record]:
    """The checked records of a file."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise IisdaError(where, "", _("The file cannot be read: %(error)s") % {"error": reason}) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IisdaError(where, "", _("The file is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        raise IisdaError(
            where,
            "",
            _("The file is not valid JSON (line %(line)s, column %(column)s): %(error)s")
            % {"line": error.lineno, "column": error.colno, "error": error.msg},
        ) from None
    return iisda_parse(data)


# --- applying --------------------------------------------------------------------------------------


@dataclass
class Change:
    """One service or national description the record matched, and the fields that changed."""

    label: str
    fields: list[str]
    followed: int = 0  # a national description: derived services that followed the change
    reviews: int = 0  # and the changes they have to review


@dataclass
class RecordResult:
    number: str
    name: str
    services: list[Change] = field(default_factory=list)
    masters: list[Change] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.services or self.masters)


@dataclass
class ImportReport:
    results: list[RecordResult]
    dry_run: bool = False

    @property
    def unmatched(self) -> list[str]:
        return [r.number for r in self.results if not r.found]

    @property
    def services_changed(self) -> int:
        return sum(1 for r in self.results for c in r.services if c.fields)

    @property
    def masters_changed(self) -> int:
        return sum(1 for r in self.results for c in r.masters if c.fields)

    def lines(self) -> list[str]:
        """What the import did (or would do), in the active language."""
        out = []
        for result in self.results:
            title = f"IISDA {result.number}" + (f" {result.name}" if result.name else "")
            if not result.found:
                out.append(_("%(title)s: no service or national description has this number.") % {"title": title})
                continue
            out.append(f"{title}:")
            for change in result.masters:
                what = "; ".join(change.fields) if change.fields else _("no change")
                out.append("  " + _("national description %(label)s: %(what)s") % {"label": change.label, "what": what})
                if change.fields:
                    out.append(
                        "    "
                        + _("%(followed)s derived services followed it; %(reviews)s changes wait for review.")
                        % {"followed": change.followed, "reviews": change.reviews}
                    )
            for change in result.services:
                what = "; ".join(change.fields) if change.fields else _("no change")
                out.append("  " + _("service %(label)s: %(what)s") % {"label": change.label, "what": what})
        out.append(
            _(
                "%(records)s records; %(services)s services and %(masters)s national descriptions changed; "
                "%(unmatched)s numbers not found."
            )
            % {
                "records": len(self.results),
                "services": self.services_changed,
                "masters": self.masters_changed,
                "unmatched": len(self.unmatched),
            }
        )
        if self.dry_run:
            out.append(_("Dry run: nothing was saved."))
        return out


def _label(model: type[Any], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _field_label(name: str) -> str:
    if name == "legal_references":
        return str(m.LegalReference._meta.verbose_name_plural)
    if name == "cost_options":
        return _("fees by tier")
    return _label(m.Service, name)


def _text_of(obj: Any, name: str) -> Text:
    return {code: getattr(obj, f"{name}_{code}") or "" for code in _languages()}


def _set_text(obj: Any, name: str, value: Text) -> None:
    # The untranslated column mirrors the default language, as django-modeltranslation keeps it. It goes
    # first: django-modeltranslation also writes it into the column of the active language.
    setattr(obj, name, value.get(settings.LANGUAGE_CODE, ""))
    for code in _languages():
        setattr(obj, f"{name}_{code}", value.get(code, ""))


def _set_values(obj: Any, record: Record) -> list[str]:
    """Give a service or a master the record's IISDA fields; the names of those that changed."""
    changed = []
    for name, value in record.values.items():
        if name in TEXT_FIELDS:
            if _text_of(obj, name) != value:
                _set_text(obj, name, value)
                changed.append(name)
        elif getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _provision_key(row: m.LegalReference) -> Provision:
    return Provision(_text_of(row, "act"), row.article, row.paragraph, row.point, row.url)


def _set_legal_basis(obj: Any, provisions: list[Provision], *, owner: str) -> bool:
    """Replace the provisions of a service or master (`owner`: the FK's name); whether they changed."""
    current = list(obj.legal_references.order_by("position", "id"))
    if [_provision_key(row) for row in current] == provisions:
        return False
    obj.legal_references.all().delete()
    for position, provision in enumerate(provisions, start=1):
        row = m.LegalReference(
            position=position,
            article=provision.article,
            paragraph=provision.paragraph,
            point=provision.point,
            url=provision.url,
            **{owner: obj},
        )
        _set_text(row, "act", provision.act)
        row.full_clean()
        row.save()
    return True


def _fee_key(option: m.CostOption) -> Fee:
    return Fee(
        tier=option.tier,
        amount=option.amount if option.amount is not None else Decimal("-1"),
        currency=option.currency,
        payment_methods=tuple(option.payment_methods or ()),
        description=_text_of(option, "option"),
    )


def _set_fees(service: m.Service, fees: list[Fee]) -> bool:
    """Replace the service's fees by tier; cost options without a tier are the municipality's own and stay."""
    wanted = sorted(fees, key=lambda fee: TIER_ORDER.index(fee.tier))
    tiered = service.cost_options.exclude(tier="")
    current = sorted((_fee_key(o) for o in tiered), key=lambda fee: TIER_ORDER.index(fee.tier))
    if current == wanted:
        return False
    tiered.delete()
    for fee in wanted:
        option = m.CostOption(
            service=service,
            tier=fee.tier,
            amount=fee.amount,
            currency=fee.currency,
            payment_methods=list(fee.payment_methods),
        )
        _set_text(option, "option", fee.description)
        option.full_clean()
        option.save()
    return True


def _apply_to_master(master: m.MasterDescription, record: Record) -> Change:
    before = master_snapshot(master)
    changed = _set_values(master, record)
    if changed:
        master.save()
    if record.legal_basis is not None and _set_legal_basis(master, record.legal_basis, owner="master"):
        changed.append("legal_references")
    change = Change(label=master.code, fields=[_field_label(name) for name in changed])
    if changed:
        propagation = master_propagate(master=master, before=before, actor=None)
        change.followed, change.reviews = propagation.followed, propagation.reviews
    return change


def _apply_to_service(service: m.Service, record: Record, *, follows_master: bool) -> Change:
    """The record's fields on one service. One whose master carries the same number takes the national
    fields from it (through the master's propagation), so only the fees, which are local, are set here."""
    changed = [] if follows_master else _set_values(service, record)
    national_rows = not follows_master and record.legal_basis is not None
    if national_rows and _set_legal_basis(service, record.legal_basis or [], owner="service"):
        changed.append("legal_references")
    if record.fees is not None and _set_fees(service, record.fees):
        changed.append("cost_options")
    if changed:
        service.last_modified = timezone.now()
        service.save()
        log_action(
            "grizha.national.iisda.applied",
            actor=None,
            obj=service,
            data={"iisda_number": record.number, "fields": changed},
        )
    label = f"“{service.name}” ({service.municipality_id})"
    return Change(label=label, fields=[_field_label(name) for name in changed])


def _apply(records: list[Record], municipality: str | None) -> list[RecordResult]:
    results = []
    for record in records:
        name = record.name.get(get_language() or "") or record.name.get(settings.LANGUAGE_CODE, "")
        result = RecordResult(number=record.number, name=name)
        masters = list(m.MasterDescription.objects.filter(iisda_number=record.number).order_by("code"))
        result.masters = [_apply_to_master(master, record) for master in masters]
        master_ids = {master.id for master in masters}
        services = m.Service.objects.filter(iisda_number=record.number).order_by("municipality_id", "name", "id")
        if municipality:
            services = services.filter(municipality_id=municipality)
        result.services = [
            _apply_to_service(service, record, follows_master=service.master_id in master_ids) for service in services
        ]
        results.append(result)
    return results


def iisda_import(*, records: list[Record], municipality: str | None = None, dry_run: bool = False) -> ImportReport:
    """Apply the records in one transaction; a dry run does the same and then undoes it, so its report is
    exactly what a real run would do."""
    if municipality and not Municipality.objects.filter(code=municipality).exists():
        raise IisdaError(
            "--municipality", "", _("No municipality has the EKATTE code %(code)s.") % {"code": municipality}
        )
    with transaction.atomic():
        results = _apply(records, municipality)
        if dry_run:
            transaction.set_rollback(True)
    return ImportReport(results=results, dry_run=dry_run)
