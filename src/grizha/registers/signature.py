"""The XML signature of a RegiX answer (REGIX.md d): when a request sets SignResult, RegiX puts an enveloped
XAdES `ds:Signature` beside `Data` in the ExecuteSynchronousResult, with a Reference to `#data`. `verify`
checks it against the certificate RegiX signs with; `sign` makes one, for the simulator."""

from __future__ import annotations

from typing import Any

from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import SignXMLException
from signxml.xades import XAdESSigner

from grizha.registers.contract import ENTRY
from grizha.registers.soap import BadAnswer

DSIG = "http://www.w3.org/2000/09/xmldsig#"
DATA_ID = "data"  # RegiX's Data id="data", which its signature's Reference names
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"  # RegiX's canonicalisation (REGIX.md d)


class BadSignature(BadAnswer):
    """The answer's signature is missing, does not verify with the configured certificate, or does not cover
    the `Data` that would be read. A BadAnswer, so the client makes it an error answer and never uses the data."""


def verify(result_element: etree._Element, *, certificate_pem: bytes) -> None:
    """Refuse (BadSignature) an ExecuteSynchronousResult whose `Data` is not signed by `certificate_pem`.

    Against signature wrapping, the element signxml says was signed must be, once canonicalised, the very
    `Data` that `soap.answer` reads (comments included, so that none can cut a signed text short)."""
    data = result_element.findall(f"{{{ENTRY}}}Data")
    if len(data) != 1:
        raise BadSignature(f"the answer holds {len(data)} Data elements where a signed answer holds one")
    signatures = result_element.findall(f"{{{DSIG}}}Signature")
    if not signatures:
        raise BadSignature("the answer is not signed, though signed answers were asked for")
    if len(signatures) > 1:
        raise BadSignature("the answer carries more than one signature")
    config = SignatureConfiguration(location="./", expect_references=True)
    try:
        verified = _Verifier().verify(result_element, x509_cert=certificate_pem.decode("ascii"), expect_config=config)
    except (SignXMLException, etree.LxmlError, ValueError) as error:
        raise BadSignature(f"the answer's signature does not verify ({error})") from error
    results = verified if isinstance(verified, list) else [verified]
    expected = _canonical(data[0])
    if not any(result.signed_xml is not None and _canonical(result.signed_xml) == expected for result in results):
        raise BadSignature("the answer's signature does not cover the Data it carries")


def sign(result_element: etree._Element, *, key_pem: bytes, certificate_pem: bytes) -> None:
    """Sign an ExecuteSynchronousResult in place as RegiX does: an enveloped XAdES signature over `#data`,
    placed right after `Data`."""
    data = result_element.find(f"{{{ENTRY}}}Data")
    if data is None or data.get("id") != DATA_ID:
        raise ValueError('an ExecuteSynchronousResult to sign holds Data id="data"')
    data.addnext(etree.Element(f"{{{DSIG}}}Signature", Id="placeholder", nsmap={"ds": DSIG}))
    signer = _Signer(c14n_algorithm=C14N)
    try:
        signed = signer.sign(result_element, key=key_pem, cert=certificate_pem.decode(), reference_uri=f"#{DATA_ID}")
    finally:
        placeholder = data.getnext()
        if placeholder is not None:
            result_element.remove(placeholder)
    signature = signed.find(f"{{{DSIG}}}Signature")
    if signature is None:
        raise AssertionError("signxml placed no signature")
    data.addnext(signature)


def _canonical(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element, method="c14n", exclusive=True, with_comments=True))


class _Utf8:
    """signxml copies an element by writing it out and reading it back; written as ASCII, an element
    name that is not ASCII (ASP's BirthDatе ends in a Cyrillic е) cannot be read back. As UTF-8 it can."""

    def _tostring(self, xml_node: etree._Element, **kwargs: Any) -> bytes:
        if "method" not in kwargs:
            kwargs.setdefault("encoding", "utf-8")
        return bytes(etree.tostring(xml_node, **kwargs))


class _Signer(_Utf8, XAdESSigner):
    pass


class _Verifier(_Utf8, XMLVerifier):
    pass
