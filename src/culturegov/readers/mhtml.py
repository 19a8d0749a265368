"""MHTML (.mht, .mhtml): what a browser or Word saves as a "single file" web page.

A MIME message, multipart/related, whose first text/html part is the page (its transfer
encoding, quoted-printable or base64, undone by the email package); the other parts are
images and styles. The page is then read as any saved page, its part's charset first.
"""
from __future__ import annotations

from ..errors import CorruptFileError


def read_mhtml(data: bytes, path: str | None = None):
    import email
    import email.policy

    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # noqa: BLE001 - the parser rarely raises, but any failure is damage
        raise CorruptFileError(f"is a damaged MHTML file ({exc}); save the page again",
                               path=path) from None
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                from .html import read_html

                return read_html(payload, path, charset=part.get_content_charset())
    raise CorruptFileError(
        "is an MHTML file with no web page in it (no text/html part); save the notice's page "
        "again, as \"Webpage, complete\" or \"Single file\"", path=path)
