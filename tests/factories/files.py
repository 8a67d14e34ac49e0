"""Tiny but real files: what a scanner or a phone camera would hand to the upload form."""

import io
import random

from PIL import Image


def saudi_check_digit(body: str) -> str:
    """The tenth digit of a Saudi ID or iqama, computed here independently of the application.

    Digits in odd places (1st, 3rd, … 9th) are doubled and their digits summed; the check
    digit brings the total to a multiple of ten.
    """
    assert len(body) == 9 and body.isdigit()
    total = 0
    for index, char in enumerate(body):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit = digit // 10 + digit % 10
        total += digit
    return str((10 - total % 10) % 10)


def saudi_identity_number(first_digit: str, serial: int) -> str:
    """A valid 10-digit national ID (first_digit "1") or iqama ("2") number."""
    body = f"{first_digit}{serial % 100_000_000:08d}"
    return body + saudi_check_digit(body)


def with_wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def pdf_bytes(title: str = "Silah test document") -> bytes:
    """The smallest well-formed one-page PDF (catalog, pages, page, content stream, font, xref)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _image_bytes(image_format: str, size=(24, 16)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 90))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def png_bytes() -> bytes:
    return _image_bytes("PNG")


def jpeg_bytes() -> bytes:
    return _image_bytes("JPEG")


def noisy_jpeg_bytes() -> bytes:
    """A photo-like JPEG whose compressed image data is most of the file."""
    rng = random.Random(7)
    image = Image.new("RGB", (160, 160))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(160 * 160)])
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


PDF = pdf_bytes()
PNG = png_bytes()
JPEG = jpeg_bytes()

# What people rename to .pdf, knowingly or not.
TEXT = "هذا ملف نصي وليس مستندًا\n".encode()
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
DAMAGED_PNG = PNG[: len(PNG) // 2]
