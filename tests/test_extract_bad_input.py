"""Bad input through `mediagraph extract` and `ingest`: a partial record with warnings, or one line naming the file.

Every case is built from a real page: the text pages of ../shared/pages and the HTML pages of
bench/realpages/tune, re-encoded, cut, nested or repeated here. What is checked is what a user
sees: the titles and credits they would get from the clean page, the warning that says what
was done, the one-line error and exit code, and a catalog left as it was.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import random
import struct
import zlib
from pathlib import Path

import pytest

from mediagraph.cli import main
from mediagraph.errors import ExtractionError
from mediagraph.extract import extract
from mediagraph.extract.text import MAX_BYTES, MAX_TEXT
from mediagraph.model import RecordSet
from mediagraph.pipeline import MAX_INPUT

ROOT = Path(__file__).resolve().parents[1]
TUNE = ROOT / "bench" / "realpages" / "tune" / "pages"


def _page(shared_pages_dir: Path, stem: str) -> bytes:
    return (shared_pages_dir / "pages" / f"{stem}.txt").read_bytes()


def _seen(rs: RecordSet) -> tuple[list[str], list[tuple[str, str]]]:
    """What a user reads first: the works' titles and their credits."""
    return [w.title for w in rs.works], sorted((str(c.role), c.agent.name) for w in rs.works for c in w.credits)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in-process as a user would; returns exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as ended:
        main(list(args))
    out = capsys.readouterr()
    code = ended.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


def _one_line_error(err: str, *, naming: str, saying: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert naming in lines[0] and saying in lines[0], lines[0]


# -- encodings ------------------------------------------------------------------------------


# film_20: http://www.filmforen.de/index.php/blog/17-c4rters-blog/page__st__290 (German, ß and ü)
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_reads_like_utf8(shared_pages_dir: Path, codec: str) -> None:
    utf8 = _page(shared_pages_dir, "film_20")
    rs = extract(utf8.decode("utf-8").encode(codec), uri="test:utf16")
    assert _seen(rs) == _seen(extract(utf8, uri="test:utf8"))
    assert any(n == "Frank Oz" for _, n in _seen(rs)[1])
    assert f"decoded as {codec.upper()} (no byte-order mark)" in rs.warnings


# film_25: https://pinponclub2008.blog.fc2.com/?tag=2019%E5%B9%B4%E8%A3%BD%E4%BD%9C (Japanese)
# release_01: https://vinyl.com.ua/vinyl/dschinghis-khan-nick-straker-band-amii-stewart-16-top-hit-tophits-der-monate-septemberoktober-548064.html
@pytest.mark.parametrize(("stem", "codec", "title"), [("film_25", "shift_jis", "カイジ ファイナルゲーム"),
                                                      ("release_01", "windows-1251", "Стан (конверт,вініл) EX+/EX+")])
def test_legacy_charsets_read_like_utf8(shared_pages_dir: Path, stem: str, codec: str, title: str) -> None:
    utf8 = _encodable(_page(shared_pages_dir, stem).decode("utf-8"), codec).encode("utf-8")
    rs = extract(utf8.decode("utf-8").encode(codec), uri="test:legacy")
    assert _seen(rs) == _seen(extract(utf8, uri="test:utf8"))
    assert rs.works[0].title == title
    assert any(w.startswith("not UTF-8; decoded as") for w in rs.warnings)


def _encodable(text: str, codec: str) -> str:
    """The page's lines the charset can write ("À La Carte" has no place in windows-1251)."""
    return "\n".join(ln for ln in text.split("\n") if ln.encode(codec, errors="replace").decode(codec) == ln)


def test_a_page_that_declares_the_wrong_charset_is_read_in_its_own(shared_pages_dir: Path) -> None:
    # Windows-1251 bytes that say ISO-8859-1 (the page) or windows-1252 (the server) used to be
    # read as "Ñòàí (êîíâåðò,â³í³ë)" and given that title.
    text = _encodable(_page(shared_pages_dir, "release_01").decode("utf-8"), "windows-1251")
    page = f'<html><head><meta charset="iso-8859-1"><title>{text.splitlines()[0]}</title></head><body><pre>{html.escape(text)}</pre></body></html>'
    rs = extract(page.encode("windows-1251"), uri="test:says-latin1")
    assert rs.works[0].title.startswith("Стан")
    assert "the page says iso-8859-1 but the bytes read as cp1251; decoded as cp1251" in rs.warnings
    rs = extract(text.encode("windows-1251"), uri="test:header", media_type="text/plain; charset=windows-1252")
    assert rs.works[0].title == "Стан (конверт,вініл) EX+/EX+"
    assert any(w.startswith("the Content-Type header says windows-1252 but the bytes read as cp1251") for w in rs.warnings)


def test_mojibake_is_repaired(shared_pages_dir: Path) -> None:
    utf8 = _page(shared_pages_dir, "film_20")
    rs = extract(utf8.decode("cp1252", errors="replace"), uri="test:moji")
    assert rs.works[0].title == "Dirty Rotten Scoundrels"
    assert "Zwei hinreißend verdorbene Schurken" in [t.text for t in rs.works[0].titles]  # the German title, its ß repaired
    assert "repaired mojibake" in rs.warnings


def test_a_utf8_page_cut_mid_character_keeps_its_text(shared_pages_dir: Path) -> None:
    utf8 = _page(shared_pages_dir, "film_25")
    cut = utf8[: utf8.rindex("ゲーム".encode()) + 1]  # the download stopped inside "ゲ"
    rs = extract(cut, uri="test:cut")
    assert rs.works[0].title == "カイジ ファイナルゲーム"
    assert any("cut off" in w for w in rs.warnings)


def test_a_stray_bad_byte_or_nul_in_utf8_keeps_the_page(shared_pages_dir: Path) -> None:
    utf8 = _page(shared_pages_dir, "film_20")
    clean = _seen(extract(utf8, uri="test:utf8"))
    at = utf8.index(b"wollte ich")  # in the prose, not inside a name the page credits
    stray = extract(utf8[:at] + b"\xe9" + utf8[at:], uri="test:stray")
    assert _seen(stray) == clean  # not guessed as another charset: "hinreiĂźend" was the result
    assert "some bytes could not be decoded and were replaced" in stray.warnings
    nul = extract(utf8[:at] + b"\x00" + utf8[at:], uri="test:nul")  # was refused as binary data
    assert _seen(nul) == clean
    assert any("NUL" in w for w in nul.warnings)


# -- binary junk and empty files: one line naming the file ----------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _pdf(text: bytes) -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td (" + text[:200].replace(b"(", b"").replace(b")", b"") + b") Tj ET")
    head = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    body = f"4 0 obj << /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream
    return head + body + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(("name", "saying"), [
    ("poster.png", "a PNG image, not a text or HTML page"),
    ("review.txt.gz", "gzip-compressed data (decompress it first)"),
    ("review.pdf", "a PDF document, not a text or HTML page"),
    ("random.bin", "binary data, not a text or HTML page"),
    ("empty.txt", "empty input"),
    ("blank.txt", "empty input"),
    ("nuls.txt", "nothing but NUL bytes"),
])
def test_junk_is_one_line_naming_the_file(shared_pages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          name: str, saying: str) -> None:
    page = _page(shared_pages_dir, "film_20")
    data = {"poster.png": _png(), "review.txt.gz": gzip.compress(page), "review.pdf": _pdf(page),
            "random.bin": random.Random(14).randbytes(4096), "empty.txt": b"", "blank.txt": b" \n\t\r\n  \n",
            "nuls.txt": b"\x00" * 1024}[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = _cli(capsys, "extract", str(path))
    assert code == 3 and out == ""
    _one_line_error(err, naming=str(path), saying=saying)


# -- truncated and deeply nested HTML -------------------------------------------------------


def test_html_cut_inside_its_json_ld_gives_the_part_before_the_cut(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # release_ha11: https://musicbrainz.org/release-group/ (Sunbather, Deafheaven); the JSON-LD
    # is in the head, so a cut inside it leaves no body: the page was refused as empty.
    page = (TUNE / "release_ha11.html").read_bytes()
    start = page.index(b"application/ld+json")
    cut = tmp_path / "sunbather.html"
    cut.write_bytes(page[: page.index(b'"representativeOfPage"', start)])
    code, out, err = _cli(capsys, "extract", str(cut))
    assert code == 0, err
    doc = json.loads(out)
    assert "Sunbather" in json.dumps(doc, ensure_ascii=False)
    assert "a JSON-LD block is cut off; read its members up to the cut" in err
    assert "the HTML looks truncated" in err and "Traceback" not in err


@pytest.mark.parametrize("where", [b"<a ", b"<script"])
def test_html_cut_mid_tag_or_mid_script_keeps_what_came_before(where: bytes) -> None:
    # film_hb07: https://letterboxd.com/film/sweet-sweetbacks-baadasssss-song/
    page = (TUNE / "film_hb07.html").read_bytes()
    at = page.index(where, len(page) // 2) + len(where) + 3
    rs = extract(page[:at], uri="https://letterboxd.com/film/sweet-sweetbacks-baadasssss-song/")
    assert rs.works[0].title.startswith("Sweet Sweetback's Baadasssss Song")
    assert "the HTML looks truncated (no closing </html>)" in rs.warnings


@pytest.mark.parametrize("closed", [True, False])
def test_html_nested_twenty_thousand_deep_is_read(shared_pages_dir: Path, closed: bool) -> None:
    # The tree builder's cost grew with the square of the depth (100,000 levels: 30 s) and then
    # the renderer ran out of stack: the page was refused as "nested too deeply".
    text = _page(shared_pages_dir, "film_20").decode("utf-8")
    body = "".join(f"<p>{html.escape(ln)}</p>" for ln in text.splitlines() if ln.strip())
    depth = 20_000
    page = ("<html><body>" + "<div>" * depth + body + "</div>" * depth if closed
            else "<html><body>" + "<div><span>" * depth + body) + "</body></html>"
    rs = extract(page, uri="test:deep")
    assert any(n == "Frank Oz" for _, n in _seen(rs)[1])
    assert any(w.startswith("the HTML is nested ") and "lifted" in w for w in rs.warnings)


def test_json_ld_nested_too_deeply_is_skipped_not_the_page(shared_pages_dir: Path) -> None:
    text = _page(shared_pages_dir, "film_20").decode("utf-8")
    body = "".join(f"<p>{html.escape(ln)}</p>" for ln in text.splitlines() if ln.strip())
    page = '<html><head><script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script></head><body>" + body + "</body></html>"
    rs = extract(page, uri="test:deep-json")
    assert any(n == "Frank Oz" for _, n in _seen(rs)[1])
    assert "skipped a JSON-LD block nested too deeply to read" in rs.warnings


# -- a 50 MB page ---------------------------------------------------------------------------


def test_the_size_limits_agree() -> None:
    # A page the fetcher or the file reader accepts is not refused by the extractor (it was: 20 MB).
    assert MAX_BYTES == MAX_INPUT


def test_a_50_mb_text_page_gives_a_partial_record(shared_pages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # film_01 (https://www.movieshowplus.com/reviews/archives/11-2015, three capsule reviews) repeated to 50 MB.
    unit = _page(shared_pages_dir, "film_01")
    path = tmp_path / "big.txt"
    path.write_bytes((unit * (50_000_000 // len(unit) + 1))[:50_000_000])
    code, out, err = _cli(capsys, "extract", "--format", "text", str(path))
    assert code == 0, err
    assert "The Hunger Games: Mockingjay" in out
    assert f"the page's text is longer than {MAX_TEXT:,} characters" in err and "Traceback" not in err


def test_a_50_mb_html_page_gives_a_partial_record(shared_pages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Saved pages reach 50 MB by their inline images (SingleFile, "save complete"): the real
    # Letterboxd page with a 48 MB data: image, and the same with a real review's text repeated.
    page = (TUNE / "film_hb07.html").read_bytes()
    end = page.rindex(b"</body>")
    image = base64.b64encode(random.Random(14).randbytes(36 * 1024 * 1024))
    saved = tmp_path / "saved.html"
    saved.write_bytes(page[:end] + b'<img alt="poster" src="data:image/png;base64,' + image + b'">' + page[end:])
    code, out, err = _cli(capsys, "extract", "--format", "text", str(saved))
    assert code == 0, err
    assert "Sweet Sweetback's Baadasssss Song" in out and "Traceback" not in err

    unit = html.escape(_page(shared_pages_dir, "film_01").decode("utf-8")).encode()
    content = page.index(b">", page.index(b'id="content"')) + 1  # inside the main block, so it is read
    long_pre = tmp_path / "long.html"
    long_pre.write_bytes(page[:content] + b"<pre>" + unit * (49_000_000 // len(unit)) + b"</pre>" + page[content:])
    assert 45_000_000 < long_pre.stat().st_size <= MAX_INPUT
    code, out, err = _cli(capsys, "extract", "--format", "text", str(long_pre))
    assert code == 0, err
    assert "Sweet Sweetback's Baadasssss Song" in out
    assert f"the page's text is longer than {MAX_TEXT:,} characters" in err


def test_over_50_mb_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_INPUT + 1))
    code, _, err = _cli(capsys, "extract", str(path))
    assert code == 3
    _one_line_error(err, naming=str(path), saying="larger than 50 MB")


# -- ingest: nothing stored from a failed input ---------------------------------------------


def test_ingest_stores_nothing_from_bad_input_and_the_rest_still_lands(shared_pages_dir: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cat.sqlite")
    png, empty, good = tmp_path / "poster.png", tmp_path / "empty.txt", tmp_path / "film_20.txt"
    png.write_bytes(_png())
    empty.write_bytes(b"\x00\x00\n")
    good.write_bytes(_page(shared_pages_dir, "film_20"))
    for bad, saying in ((png, "a PNG image"), (empty, "empty input")):
        code, _, err = _cli(capsys, "--db", db, "ingest", str(bad))
        assert code == 3
        _one_line_error(err, naming=str(bad), saying=saying)
    _, out, _ = _cli(capsys, "--db", db, "--json", "stats")
    stats = json.loads(out)
    assert stats["sources"] == 0 and not any(stats["entities"].values())

    code, out, err = _cli(capsys, "--db", db, "ingest", str(png), str(good), str(empty))
    assert code == 3
    errors = [ln for ln in err.splitlines() if ln.startswith("mediagraph: error:")]
    assert len(errors) == 2 and str(png) in errors[0] and str(empty) in errors[1]
    assert "created" in out and "Traceback" not in err
    _, out, _ = _cli(capsys, "--db", db, "--json", "stats")
    assert json.loads(out)["sources"] == 1


def test_a_partial_record_from_a_cut_page_is_stored_with_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = (TUNE / "film_hb07.html").read_bytes()
    cut = tmp_path / "sweetback.html"
    cut.write_bytes(page[: page.index(b"<a ", len(page) // 2)])
    db = str(tmp_path / "cat.sqlite")
    code, out, err = _cli(capsys, "--db", db, "ingest", str(cut))
    assert code == 0 and "created" in out
    assert "warning: the HTML looks truncated" in err
    _, out, _ = _cli(capsys, "--db", db, "--json", "search", "Sweetback")
    assert any(r["type"] == "work" and r["title"].startswith("Sweet Sweetback") for r in json.loads(out))


def test_extract_error_is_never_a_traceback() -> None:
    with pytest.raises(ExtractionError) as err:
        extract(_png(), uri="file:///tmp/poster.png")
    assert "\n" not in str(err.value) and "PNG" in str(err.value)
