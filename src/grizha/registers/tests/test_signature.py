"""Signed RegiX answers (REGIX.md d): with GRIZHA_REGIX_SIGNING_CERT the real client asks for signed results
from the simulator and reads only data whose signature verifies; whatever fails is an error answer."""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from lxml import etree

from grizha.registers.client import RegixClient
from grizha.registers.contract import ENTRY, NBD, OPERATIONS, SOAP
from grizha.registers.signature import DSIG
from grizha.registers.simulator import SPECIAL, make_application
from grizha.registers.soap import ERROR, OK, CallContext

PERSON = "8506251243"  # a valid EGN: 25 June 1985, a man
CONTEXT = CallContext(law_reason="чл. 40, ал. 1 от Закона за социалните услуги", administration_name="Община Сливен")
RESULT = f"{{{SOAP}}}Body/{{{ENTRY}}}ExecuteSynchronousResponse/{{{ENTRY}}}ExecuteSynchronousResult"
DATA = f"{{{ENTRY}}}Data"
# Where the person's first name is, from Data and from the result.
NAME_IN_DATA = f"{{{ENTRY}}}Response/{{{OPERATIONS['person'].response_ns}}}PersonDataResponse/*/{{{NBD}}}FirstName"
FIRST_NAME = f"{DATA}/{NAME_IN_DATA}"

Keys = tuple[bytes, bytes]  # a private key and its self-signed certificate, both PEM


def make_keys(name: str) -> Keys:
    """A throwaway RSA key and a self-signed certificate for it, valid today."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(tz=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def regix_keys() -> Keys:
    return make_keys("RegiX simulator")


@pytest.fixture(scope="module")
def other_keys() -> Keys:
    return make_keys("Somebody else")


def in_transit(app: WSGIApplication, change: Callable[[etree._Element], None]) -> WSGIApplication:
    """`app` with its answers' ExecuteSynchronousResult changed by `change` on the way to the client."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        answered: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable[[bytes], object]:
            answered.update(status=status, headers=headers)
            return lambda data: None

        envelope = etree.fromstring(b"".join(app(environ, keep)))
        change(envelope.find(RESULT))
        body = etree.tostring(envelope)
        headers = [(k, v) for k, v in answered["headers"] if k != "Content-Length"]
        start_response(str(answered["status"]), [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return application


def client(app: WSGIApplication, *, signing_cert: bytes | None) -> RegixClient:
    return RegixClient(transport=httpx.WSGITransport(app=app), signing_cert=signing_cert)


def simulator(keys: Keys | None) -> WSGIApplication:
    return make_application(signing_key=keys[0] if keys else None, signing_cert=keys[1] if keys else None)


def person(app: WSGIApplication, *, signing_cert: bytes | None, identifier: str = PERSON) -> tuple[str, dict, str]:
    answer = client(app, signing_cert=signing_cert).call("person", identifier, CONTEXT).answer
    return answer.status, answer.data, answer.error


def seen_by_client(app: WSGIApplication) -> tuple[WSGIApplication, list[etree._Element]]:
    """`app` unchanged, and the results it sent, as the client got them."""
    seen: list[etree._Element] = []
    return in_transit(app, lambda result: seen.append(copy.deepcopy(result))), seen


def rename(result: etree._Element) -> None:
    result.find(FIRST_NAME).text = "ПЕТКАН"


def test_a_signed_answer_verifies_and_gives_its_data(regix_keys: Keys) -> None:
    app, seen = seen_by_client(simulator(regix_keys))
    status, data, error = person(app, signing_cert=regix_keys[1])
    assert (status, error) == (OK, "")
    assert data["EGN"] == PERSON and data["PersonNames"]["FirstName"]
    [result] = seen
    signature = result.find(f"{{{DSIG}}}Signature")
    assert signature is not None and signature.getprevious().tag == f"{{{ENTRY}}}Data"
    assert next(reference.get("URI") for reference in signature.iter(f"{{{DSIG}}}Reference")) == "#data"


def test_the_client_asks_for_a_signed_result_only_when_it_verifies(regix_keys: Keys) -> None:
    asked: list[str] = []

    def recording(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        asked.append(etree.fromstring(body).findtext(f".//{{{ENTRY}}}SignResult"))
        environ["wsgi.input"] = io.BytesIO(body)
        return simulator(regix_keys)(environ, start_response)

    person(recording, signing_cert=regix_keys[1])
    person(recording, signing_cert=None)
    assert asked == ["true", "false"]


def test_a_name_changed_after_signing_is_refused(regix_keys: Keys) -> None:
    status, data, error = person(in_transit(simulator(regix_keys), rename), signing_cert=regix_keys[1])
    assert (status, data) == (ERROR, {})
    assert "signature does not verify" in error and "Digest mismatch" in error


def test_an_answer_signed_with_another_key_is_refused(regix_keys: Keys, other_keys: Keys) -> None:
    status, data, error = person(simulator(other_keys), signing_cert=regix_keys[1])
    assert (status, data) == (ERROR, {})
    assert "signature does not verify" in error


def test_an_unsigned_answer_is_refused_when_signatures_are_verified(regix_keys: Keys) -> None:
    status, data, error = person(simulator(None), signing_cert=regix_keys[1])
    assert (status, data) == (ERROR, {})
    assert "not signed" in error


def _forged(signed: etree._Element, *, keep_id: bool) -> etree._Element:
    """An unsigned copy of the signed Data, with another first name."""
    forged = copy.deepcopy(signed)
    if not keep_id:
        del forged.attrib["id"]
    forged.find(NAME_IN_DATA).text = "ПЕТКАН"
    return forged


def _forged_data_where_the_parser_reads(result: etree._Element) -> None:
    """The signed Data moves into an element of its own, still found by its id; a forged one, without
    id, takes its place."""
    signed = result.find(DATA)
    signed.addprevious(_forged(signed, keep_id=False))
    etree.SubElement(result, f"{{{ENTRY}}}Extension").append(signed)


def _second_data_first(result: etree._Element) -> None:
    signed = result.find(DATA)
    signed.addprevious(_forged(signed, keep_id=False))


def _signed_data_into_the_signature(result: etree._Element) -> None:
    signed = result.find(DATA)
    signed.addprevious(_forged(signed, keep_id=True))
    etree.SubElement(result.find(f"{{{DSIG}}}Signature"), f"{{{DSIG}}}Object").append(signed)


def _comment_cutting_a_signed_name(result: etree._Element) -> None:
    name = result.find(FIRST_NAME)
    text = name.text
    name.text = text[:2]
    comment = etree.Comment(" ")
    comment.tail = text[2:]
    name.append(comment)


@pytest.mark.parametrize(
    ("attack", "reason"),
    [
        (_forged_data_where_the_parser_reads, "does not cover the Data it carries"),
        (_second_data_first, "holds 2 Data elements"),
        (_signed_data_into_the_signature, "does not verify"),
        (_comment_cutting_a_signed_name, "does not cover the Data it carries"),
    ],
)
def test_signature_wrapping_is_refused(regix_keys: Keys, attack: Callable[[etree._Element], None], reason: str) -> None:
    status, data, error = person(in_transit(simulator(regix_keys), attack), signing_cert=regix_keys[1])
    assert (status, data) == (ERROR, {})
    assert reason in error


def test_without_verification_answers_are_read_as_before(regix_keys: Keys) -> None:
    plain = person(simulator(None), signing_cert=None)
    assert plain[0] == OK
    assert person(simulator(regix_keys), signing_cert=None) == plain


def test_without_verification_a_changed_answer_is_read_as_it_comes(regix_keys: Keys) -> None:
    status, data, _ = person(in_transit(simulator(regix_keys), rename), signing_cert=None)
    assert status == OK and data["PersonNames"]["FirstName"] == "ПЕТКАН"


def test_an_error_answer_keeps_its_own_text_when_signatures_are_verified(regix_keys: Keys) -> None:
    status, _, error = person(simulator(regix_keys), signing_cert=regix_keys[1], identifier=SPECIAL["access-denied"])
    assert (status, error) == (ERROR, "Access denied!")


def test_every_check_verifies(regix_keys: Keys) -> None:
    checks = [check for check in OPERATIONS if check != "social-services-decisions"]  # see the test below
    answers = client(simulator(regix_keys), signing_cert=regix_keys[1]).lookup(PERSON, checks, CONTEXT)
    assert {check: timed.answer.error for check, timed in answers.items() if timed.answer.status == ERROR} == {}


def test_a_signed_social_services_answer_verifies(regix_keys: Keys) -> None:
    signed = client(simulator(regix_keys), signing_cert=regix_keys[1])
    assert signed.call("social-services-decisions", PERSON, CONTEXT).answer.status != ERROR


def test_the_settings_give_the_client_the_signing_certificate(regix_keys: Keys, tmp_path: Path) -> None:
    path = tmp_path / "regix-signing.pem"
    path.write_bytes(regix_keys[1])
    with override_settings(GRIZHA_REGIX_URL="", GRIZHA_REGIX_SIGNING_CERT=str(path)):
        assert RegixClient.from_settings().signing_cert == regix_keys[1]
    with override_settings(GRIZHA_REGIX_URL="", GRIZHA_REGIX_SIGNING_CERT=""):
        assert RegixClient.from_settings().signing_cert is None


def test_a_signing_certificate_that_is_not_pem_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "not-a-certificate.pem"
    path.write_text("hello")
    for configured in (str(path), str(tmp_path / "missing.pem")):
        with override_settings(GRIZHA_REGIX_SIGNING_CERT=configured), pytest.raises(ImproperlyConfigured):
            RegixClient.from_settings()
