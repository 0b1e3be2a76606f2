"""Decoding raw page bytes: size cap, binary sniffing, charset detection and mojibake repair."""

from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass, field

import charset_normalizer
import ftfy
import ftfy.badness
from charset_normalizer.md import mess_ratio

from mediagraph.errors import ExtractionError

# The cap on files and fetches too (pipeline.MAX_INPUT): a page that could be fetched can be read.
# Pages this big are mostly inline data (SingleFile saves, base64 images); the text read is capped apart.
MAX_BYTES = 50 * 1024 * 1024
# The readers take 15 to 30 µs a character; real pages' text is far shorter (the
# longest HTML page in bench/realpages renders to 15,000). A 50 MB page is read up to this.
MAX_TEXT = 500_000

# Only the mojibake repairs: curly quotes, full-width forms and ligatures are the page's own
# characters and must survive, or spans and titles would no longer match what was written.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization=None,
    explain=False,
)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|section|main|p|table|script|link|!--)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|td|tr|h[1-6]|body|html|article|section)\b[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Labels a browser reads as windows-1252 (WHATWG Encoding): servers say Latin-1 and mean it,
# curly quotes at 0x80-0x9F included. Latin-1 itself stays for the five bytes cp1252 leaves undefined.
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_WINDOWS_1252 = ("cp1252", "latin-1")
_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(slots=True)
class Decoded:
    """A page as text, with what was done to it on the way."""

    text: str
    is_html: bool
    content_hash: str
    warnings: list[str] = field(default_factory=list)


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


# Files people hand over by mistake, named so the one-line refusal says what the file is.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"PK\x03\x04", "a ZIP archive or Office document"), (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"(\xb5/\xfd", "zstd-compressed data (decompress it first)"), (b"BZh91AY&SY", "bzip2-compressed data (decompress it first)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"), (b"OggS", "an Ogg audio or video file"), (b"fLaC", "a FLAC audio file"),
)


def _what_binary(data: bytes) -> str | None:
    """What a binary file is by its first bytes ("a PNG image"), or None when it does not say."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime file"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a WebP, WAV or AVI file"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 with no byte-order mark: the NULs of its Latin characters sit all at odd or all at even offsets."""
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 8 and even * 20 <= odd:
        return "utf-16-le"
    if even >= 8 and odd * 20 <= even:
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes beyond a stray few: text has none, a page saved with one or two keeps its text."""
    zeros = sample.count(0)
    return zeros > max(8, len(sample) // 1000)


def _decode_bytes(data: bytes, warnings: list[str], charset: str | None = None) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    what = _what_binary(data)
    if what:
        raise ExtractionError(f"{what}, not a text or HTML page")
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        warnings.append(f"decoded as {utf16.upper()} (no byte-order mark)")
        return data.decode(utf16, errors="replace")
    if _looks_binary(data[:65536]):
        raise ExtractionError("binary data, not a text or HTML page")
    # The Content-Type header's charset outranks the page's own <meta> and any guess, as in a
    # browser; a page mislabelled Latin-1 that is really UTF-8 is then mojibake, which ftfy repairs.
    if charset:
        for codec in _WINDOWS_1252 if charset.replace("_", "-") in _LATIN1_LABELS else (charset,):
            try:
                text = data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                continue
            if not data.isascii() and charset.replace("_", "-") not in ("utf-8", "utf8"):
                return _unless_mislabelled(data, text, charset, "the Content-Type header", warnings)
            return text
        warnings.append(f"the declared charset {charset} does not fit the bytes; ignored")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            # A page cut off (a download stopped short) in the middle of its last character.
            try:
                text = data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                warnings.append("the page ends in the middle of a character (cut off); that character was dropped")
                return text
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        # Multi-byte UTF-8 sequences hardly happen by chance in other charsets: a page with more
        # of them than bad bytes is UTF-8 with a stray byte, not a page to guess a charset for.
        if len(data) - len(text) >= max(3, 2 * bad):
            return text
    # A declared charset in the HTML head is the page's own word; trust it before guessing.
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return _unless_mislabelled(data, text, declared, "the page", warnings)
    best = charset_normalizer.from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise ExtractionError("undecodable bytes: no text encoding fits this input")
    warnings.append(f"not UTF-8; decoded as {best.encoding}")
    return data.decode(best.encoding, errors="replace")


def _non_ascii_lines(text: str) -> str:
    """The lines of the page's head holding non-ASCII characters: where a charset shows."""
    return "\n".join(ln for ln in text[:65536].split("\n") if not ln.isascii())[:4096]


def _unless_mislabelled(data: bytes, text: str, declared: str, where: str, warnings: list[str]) -> str:
    """The text as declared, unless the bytes are plainly in another charset.

    A single-byte charset never fails to decode, so a Russian page in windows-1251 that says
    ISO-8859-1 would come out as "Ñîëÿðèñ" and be read as such. Such text is a mess by
    charset_normalizer's measure (about 1.0, where real text is under 0.1); only then is the
    charset guessed from the bytes. UTF-8 read as Latin-1 is left to the mojibake repair.
    """
    sample = _non_ascii_lines(text)
    if not sample or mess_ratio(sample, 1.0) < 0.5:
        warnings.append(f"decoded as {declared} (declared in {where})")
        return text
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        warnings.append(f"decoded as {declared} (declared in {where})")
        return text
    best = charset_normalizer.from_bytes(data[:262144]).best()
    if best is None or best.encoding is None or best.encoding.replace("_", "-") == declared.replace("_", "-"):
        warnings.append(f"decoded as {declared} (declared in {where})")
        return text
    guessed = data.decode(best.encoding, errors="replace")
    if mess_ratio(_non_ascii_lines(guessed), 1.0) >= 0.2:
        warnings.append(f"decoded as {declared} (declared in {where})")
        return text
    warnings.append(f"{where} says {declared} but the bytes read as {best.encoding}; decoded as {best.encoding}")
    return guessed


# UTF-8 read as Latin-1 or Windows-1252: a lead byte's letter (Â … ô) before a continuation
# byte's (U+0080–U+00BF or its cp1252 stand-ins). Text without such a pair has no mojibake to fix.
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
# The same pairs as UTF-8 bytes: C3 is only ever a lead byte, so a match sits on whole characters,
# and a search for one literal lead byte is far faster than the pattern over the text.
_MOJIBAKE_HINT_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]|\xe2\x80[\x93-\xba]|\xe2\x82\xac|\xe2\x84\xa2)")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_INVISIBLE_CHARS = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\ufe0e\ufe0f"  # (\ufe0f: "⭐️" is "⭐" drawn as an emoji)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _must_hold_non_ascii(items: object) -> bool:
    """Whether every match of a parsed pattern (``re._parser`` items) holds a non-ASCII character."""
    c = importlib.import_module("re._constants")  # the parser's opcodes (private: see _badness_reach)

    for op, av in items:  # type: ignore[attr-defined]
        if op is c.LITERAL and av >= 0x80:
            return True
        if op is c.IN and all((o is c.LITERAL and a >= 0x80) or (o is c.RANGE and a[0] >= 0x80) for o, a in av):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _must_hold_non_ascii(av[2]):
            return True
        if op is c.SUBPATTERN and _must_hold_non_ascii(av[3]):
            return True
        if op is c.BRANCH and all(_must_hold_non_ascii(alt) for alt in av[1]):
            return True
    return False


def _badness_reach() -> int | None:
    """How far from a non-ASCII character a match of ftfy's badness pattern can reach, when each
    of its matches is short and holds one (true of ftfy 6); None when that cannot be shown."""
    try:
        _parser = importlib.import_module("re._parser")
        pattern = ftfy.badness.BADNESS_RE
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        widest = parsed.getwidth()[1]
        if pattern.flags & re.IGNORECASE or widest > 64 or not _must_hold_non_ascii(parsed.data):
            return None
        return widest - 1
    except Exception:  # another Python's parser: fall back to searching the whole text
        return None


_BADNESS_REACH = _badness_reach()


def _is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``: its pattern searched only around the non-ASCII runs, the only
    places a match can be; ftfy's own search tries every position and costs ~0.4 µs a character."""
    reach = _BADNESS_REACH
    if reach is None:
        return ftfy.badness.is_bad(text)
    search = ftfy.badness.BADNESS_RE.search
    lo = hi = -1
    for m in _NON_ASCII_RUN.finditer(text):
        a, b = max(0, m.start() - reach), m.end() + reach
        if a <= hi:
            hi = b
            continue
        if hi >= 0 and search(text, lo, hi):
            return True
        lo, hi = a, b
    return hi >= 0 and search(text, lo, hi) is not None


def decode(data: bytes | str, *, media_type: str | None = None) -> Decoded:
    """Turn raw input into text, refusing empty, binary and oversized input with one-line errors."""
    warnings: list[str] = []
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise ExtractionError(f"input is {_human_size(len(raw))}; the limit is {_human_size(MAX_BYTES)}")
    if not raw.strip():
        raise ExtractionError("empty input: nothing to extract")
    if not raw.strip(b" \t\r\n\f\v\x00"):
        raise ExtractionError("empty input: nothing but NUL bytes and blanks")
    digest = hashlib.sha256(raw).hexdigest()
    text = data if isinstance(data, str) else _decode_bytes(raw, warnings, _charset(media_type))
    inner = _bytes_literal(text)
    if inner is not None:
        warnings.append("the page was saved as a Python bytes literal (b'…'); read the bytes it holds")
        text = _decode_bytes(inner, warnings, _charset(media_type))
    if "\ufffd" in text:
        warnings.append("some bytes could not be decoded and were replaced")
    # ftfy works line by line and costs ~1 ms a KB; its own badness check finds the pages with mojibake.
    # (Pure ASCII has neither mojibake nor invisible marks; a mojibake pair needs a U+00C2-U+00F4
    # letter, which UTF-8 writes with the lead byte C3, found far faster than by the pattern.)
    ascii_only = text.isascii()
    if not ascii_only and _MOJIBAKE_HINT_UTF8.search(text.encode("utf-8", "surrogatepass")) and _is_bad(text):
        fixed = ftfy.fix_text(text, _FTFY)
        if fixed != text:
            warnings.append("repaired mojibake")
            text = fixed
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Direction marks and zero-width spaces copied with the page ("Sidewalk Sounds \u200e– SS-C07")
    # are invisible and split words and separators apart.
    if not ascii_only and any(c in text for c in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    # (counted on the UTF-8 bytes, where each of these characters is its own one byte)
    head = text[:65536].encode("utf-8", "surrogatepass")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(text[:65536]) // 20):
        raise ExtractionError("binary data, not a text or HTML page")
    if controls:
        text, n = _CONTROL.subn(" ", text)
        warnings.append(f"{n} control character{'s' if n > 1 else ''} (NUL and the like) replaced with spaces")
    if not text.strip():
        raise ExtractionError("empty input: nothing to extract")
    is_html = _is_html(text, media_type)
    return Decoded(text=text, is_html=is_html, content_hash=digest, warnings=warnings)


def _bytes_literal(text: str) -> bytes | None:
    """The bytes of a page saved as a Python bytes literal (``b'<!DOCTYPE html>…\\n…'``), as some
    scrapers' fixtures are; None for anything else. Read with ``ast.literal_eval``, which evaluates
    literals only."""
    body = text.strip()
    if len(body) < 4 or body[:2] not in ("b'", 'b"') or body[-1] != body[1] or "\n" in body:
        return None
    import ast

    try:
        value = ast.literal_eval(body)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, bytes) and value.strip() else None


def _charset(media_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, lower-cased ("text/html; charset=ISO-8859-1")."""
    m = _CHARSET.search(media_type) if media_type else None
    return m.group(1).lower() if m else None


def _is_html(text: str, media_type: str | None) -> bool:
    if media_type:
        mt = media_type.lower()
        if "html" in mt or "xml" in mt:
            return True
        if mt.startswith("text/plain"):
            return False
    if _HTML_START.match(text[:2048]):
        return True
    head = text[:20000]
    return len(_TAG.findall(head)) >= 5


__all__ = ["MAX_BYTES", "MAX_TEXT", "Decoded", "decode"]
