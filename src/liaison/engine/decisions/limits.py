"""Limits on what a reader may open: checked on the cheap metadata before any expensive parse.

A 62 KB DOCX can hold 20 MB of paragraphs (python-docx then builds a 1.4 GB tree), a ZIP can hold
thousands of members, a PDF thousands of pages. Each reader checks these first and raises a
DocumentError of kind "too_large" whose message says which limit was met.
"""

from __future__ import annotations

import io
import zipfile

from .model import DocumentError

MAX_BYTES = 20 * 1024 * 1024
MAX_DECOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 2000
# Office XML compresses 3-12 times overall (at most 25 for one part) in the conventions' real files;
# a bomb compresses hundreds of times. Small archives are exempt: their ratio says nothing.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_PDF_PAGES = 1000
MAX_CHARS = 5_000_000


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def bytes_limit_check(data: bytes, *, max_bytes: int = MAX_BYTES, name: str = "The file") -> None:
    """Return None when the file is at most `max_bytes`; raise DocumentError(kind="too_large") otherwise."""
    if len(data) > max_bytes:
        raise DocumentError(f"{name} is {_mb(len(data))}; the limit is {_mb(max_bytes)}.", kind="too_large")


def zip_limits_check(
    data: bytes,
    *,
    max_decompressed: int = MAX_DECOMPRESSED,
    max_members: int = MAX_MEMBERS,
    max_ratio: float = MAX_RATIO,
    name: str = "The file",
) -> None:
    """Return None when a ZIP (DOCX, XLSX, ODT...) stays within the limits; raise DocumentError otherwise.

    Reads only the central directory: member count, the sum of the declared uncompressed sizes and
    their ratio to the compressed ones. Python's zipfile never inflates a member past its declared
    size (it stops there and fails the CRC), so the declared sum bounds what any reader can get.
    A file that is not a readable ZIP raises DocumentError of kind "invalid".
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(f"{name} is a damaged ZIP file ({exc}).") from None
    if len(members) > max_members:
        raise DocumentError(
            f"{name} holds {len(members)} files inside its ZIP package; the limit is {max_members}.",
            kind="too_large",
        )
    expanded = sum(member.file_size for member in members)
    if expanded > max_decompressed:
        raise DocumentError(
            f"{name} expands to {_mb(expanded)} when unpacked; the limit is {_mb(max_decompressed)}.",
            kind="too_large",
        )
    packed = sum(member.compress_size for member in members)
    if expanded > RATIO_FLOOR and expanded > max_ratio * max(packed, 1):
        raise DocumentError(
            f"{name} expands {expanded / max(packed, 1):.0f} times when unpacked (to {_mb(expanded)}); "
            f"ordinary documents expand less than {max_ratio:.0f} times, so it is refused as a ZIP bomb.",
            kind="too_large",
        )


def pages_limit_check(pages: int, *, max_pages: int = MAX_PDF_PAGES, name: str = "The file") -> None:
    """Return None when a PDF has at most `max_pages` pages; raise DocumentError(kind="too_large") otherwise."""
    if pages > max_pages:
        raise DocumentError(f"{name} has {pages} pages; the limit is {max_pages}.", kind="too_large")


def chars_limit_check(text: str, *, max_chars: int = MAX_CHARS, name: str = "The file") -> None:
    """Return None when a text has at most `max_chars` characters; raise DocumentError(kind="too_large") otherwise."""
    if len(text) > max_chars:
        raise DocumentError(
            f"{name} holds {len(text):,} characters of text; the limit is {max_chars:,}.", kind="too_large"
        )


__all__ = [
    "MAX_BYTES",
    "MAX_CHARS",
    "MAX_DECOMPRESSED",
    "MAX_MEMBERS",
    "MAX_PDF_PAGES",
    "MAX_RATIO",
    "bytes_limit_check",
    "chars_limit_check",
    "pages_limit_check",
    "zip_limits_check",
]
