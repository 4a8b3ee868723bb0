"""Reading documents back as a person or a phone would: PDF text, font sizes, metadata, QR codes."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import zxingcpp
from django.http import HttpResponse
from PIL import Image, ImageDraw


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def pdf(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Text with every run of white space (line ends included) as one space."""
    return " ".join(text.split())


def page_texts(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pdf(data).pages]


def text(data: bytes) -> str:
    return " ".join(page_texts(data))


def font_sizes(data: bytes) -> set[float]:
    """The sizes (in points) of every piece of text drawn in the document."""
    sizes: set[float] = set()
    for page in pdf(data).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.add(size) if text.strip() else None)
    return sizes


def decode(image: Image.Image) -> list[tuple[str, str]]:
    """(text, error correction level) of every QR code in the picture."""
    return [(code.text, code.ec_level) for code in zxingcpp.read_barcodes(image) if code.format.name == "QRCode"]


def decode_png(data: bytes) -> list[tuple[str, str]]:
    return decode(Image.open(io.BytesIO(data)))


def decode_svg(data: bytes, scale: int = 8) -> list[tuple[str, str]]:
    """Draw segno's SVG (one path of unit-wide horizontal strokes) as a picture, then read it."""
    svg = data.decode()
    size = int(re.search(r'<path fill="#fff" d="M0 0h(\d+)', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d.\s]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            row = int(y)
            draw.rectangle((x * scale, row * scale, (x + values[0]) * scale - 1, (row + 1) * scale - 1), fill=0)
            x += values[0]
    return decode(image)


def pdf_qr_codes(data: bytes) -> list[str]:
    """The text of every QR code drawn in the PDF, page by page."""
    found = []
    for page in pdf(data).pages:
        for picture in page.images:
            found += [text for text, _level in decode(picture.image.convert("L"))]
    return found


def is_pdf(response: HttpResponse) -> bool:
    return response.status_code == 200 and response["Content-Type"] == "application/pdf"


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def figure_alternatives(reader: pypdf.PdfReader) -> list[str]:
    """The alternative texts of the tagged figures of a PDF, in the order of its structure tree."""

    def walk(node: Any) -> list[str]:
        node = node.get_object()
        if not isinstance(node, dict):
            return []
        kids = node.get("/K", [])
        found = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
        return found + [alt for kid in (kids if isinstance(kids, list) else [kids]) for alt in walk(kid)]

    return walk(reader.trailer["/Root"]["/StructTreeRoot"])
