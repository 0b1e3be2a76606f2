"""Scale the real Discogs samples to N records: renumbered copies with small perturbations.

    python bench/gen_dumps.py --releases 1000000 --out /tmp/dumps
    python bench/gen_dumps.py --releases 100000 --masters 50000 --artists 50000 --labels 20000
    python bench/gen_dumps.py --mb-releases 20000       # MusicBrainz JSON Lines releases

Each output record is a copy of one of the 1,000 real sample records of its kind, given a new
id (1..N) and, for releases, perturbed the way real near-duplicates differ: a title typo, a
missing release date, a new catalog number, artists in another order. The output is a valid
dump in the Discogs format (``.xml.gz`` by default, ``--plain`` for ``.xml``), written as a
stream: memory stays flat whatever N is.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "dumps" / "discogs"
MB_SAMPLES = ROOT.parent / "shared" / "dumps" / "musicbrainz"
MB_RELEASES = ("release.json", "release_multidisc.json")  # the real web-service releases

KINDS = {  # kind → (root, record marker, id pattern)
    "releases": (b"releases", b"<release ", re.compile(rb'^<release id="\d+"')),
    "masters": (b"masters", b"<master ", re.compile(rb'^<master id="\d+"')),
    "artists": (b"artists", b"<artist>", re.compile(rb"<id>\d+</id>")),
    "labels": (b"labels", b"<label>", re.compile(rb"<id>\d+</id>")),
}

_TITLE = re.compile(rb"<title>([^<]*)</title>")
_RELEASED = re.compile(rb"<released>[^<]*</released>")
_CATNO = re.compile(rb'catno="[^"]*"')
_ARTISTS = re.compile(rb"<artists>(.*?)</artists>", re.S)


def sample_records(kind: str, samples: Path) -> list[bytes]:
    """The sample's records as raw bytes, cut at each record start."""
    root, marker, _ = KINDS[kind]
    with gzip.open(samples / f"discogs_20200806_{kind}.xml.gz") as f:
        data = f.read()
    body = data[data.index(marker) : data.rindex(b"</" + root + b">")]
    starts = [m.start() for m in re.finditer(re.escape(marker), body)]
    return [body[a:b].strip() for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]


def _typo(rng: random.Random, title: bytes) -> bytes:
    if len(title) < 3 or b"&" in title:
        return title + b" (Reissue)"
    i = rng.randrange(1, len(title) - 1)
    return title[:i] + title[i + 1 : i + 2] + title[i : i + 1] + title[i + 2 :]  # swap two letters


def perturb_release(rng: random.Random, rec: bytes, new_id: int) -> bytes:
    rec = KINDS["releases"][2].sub(b'<release id="%d"' % new_id, rec, count=1)
    roll = rng.random()
    if roll < 0.25:
        rec = _TITLE.sub(lambda m: b"<title>" + _typo(rng, m.group(1)) + b"</title>", rec, count=1)
    elif roll < 0.40:
        rec = _RELEASED.sub(b"", rec, count=1)
    elif roll < 0.60:
        rec = _CATNO.sub(b'catno="GEN-%d"' % new_id, rec, count=1)
    elif roll < 0.75:

        def shuffle(m: re.Match[bytes]) -> bytes:
            parts = re.findall(rb"<artist>.*?</artist>", m.group(1), re.S)
            rng.shuffle(parts)
            return b"<artists>" + b"".join(parts) + b"</artists>"

        rec = _ARTISTS.sub(shuffle, rec, count=1)
    return rec


def generate(kind: str, n: int, *, seed: int = 5, samples: Path = SAMPLES) -> Iterator[bytes]:
    """The bytes of an N-record dump of ``kind``, in pieces."""
    root, _, id_pattern = KINDS[kind]
    records = sample_records(kind, samples)
    rng = random.Random(seed)
    yield b"<" + root + b">\n"
    batch: list[bytes] = []
    for i in range(1, n + 1):
        rec = records[(i - 1) % len(records)]
        if kind == "releases":
            rec = perturb_release(rng, rec, i)
        elif kind == "masters":
            rec = id_pattern.sub(b'<master id="%d"' % i, rec, count=1)
        else:
            rec = id_pattern.sub(b"<id>%d</id>" % i, rec, count=1)
        batch.append(rec)
        if len(batch) >= 2000:
            yield b"\n".join(batch) + b"\n"
            batch = []
    if batch:
        yield b"\n".join(batch) + b"\n"
    yield b"</" + root + b">\n"


def write(kind: str, n: int, out: Path, *, plain: bool, seed: int) -> Path:
    return _write_whole(out / f"discogs_gen_{kind}.xml{'' if plain else '.gz'}", generate(kind, n, seed=seed), plain=plain)


def _write_whole(path: Path, pieces: Iterator[bytes], *, plain: bool) -> Path:
    """The pieces written to ``path``, gzipped unless ``plain``; under a ``.part`` name renamed when whole,
    so that a failed run leaves no dump to reuse."""
    part = path.with_name(path.name + ".part")
    # Level 1: generating must not be the slow part of a benchmark run.
    f: IO[bytes] = open(part, "wb") if plain else gzip.open(part, "wb", compresslevel=1)  # noqa: SIM115
    try:
        with f:
            for piece in pieces:
                f.write(piece)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(path)
    return path


def _word(n: int) -> str:
    """A made-up word for number n ("ba", "be", … "bebo"): titles that differ by a word, not a digit."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    out = []
    while True:
        n, c = divmod(n, len(consonants) * len(vowels))
        out.append(consonants[c // len(vowels)] + vowels[c % len(vowels)])
        if not n:
            return "".join(out)


def _ean13(n: int) -> str:
    """Twelve digits of n and their EAN-13 check digit: a barcode of its own for each copy."""
    digits = f"{n:012d}"[-12:]
    total = sum(int(d) * (3 if k % 2 else 1) for k, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def generate_mb(n: int, *, seed: int = 5, samples: Path = MB_SAMPLES) -> Iterator[bytes]:
    """An N-release MusicBrainz JSON Lines dump, one release a line: copies of the real sample
    releases, each with a new MBID, barcode, ASIN and links, a title and track titles told apart by a made-up
    word, and a release group shared by two releases (as editions of one album are)."""
    import json
    import uuid

    bases = [json.loads((samples / name).read_text()) for name in MB_RELEASES]
    rng = random.Random(seed)
    ns = uuid.UUID(int=seed)
    batch: list[bytes] = []
    for i in range(1, n + 1):
        rec = json.loads(json.dumps(bases[(i - 1) % len(bases)]))
        word = _word(rng.randrange(1 << 24))
        rec["id"] = str(uuid.uuid5(ns, f"release {i}"))
        rec["title"] = f"{rec['title']} {word}"
        # Identifiers that would make copies one release: a barcode, an ASIN, links to other databases.
        if rec.get("barcode"):
            rec["barcode"] = _ean13(500_000_000_000 + i)
        if rec.get("asin"):
            rec["asin"] = f"B{i:09d}"
        for rel in rec.get("relations", []):
            url = rel.get("url") if isinstance(rel, dict) else None
            if isinstance(url, dict) and isinstance(url.get("resource"), str):
                url["resource"] = re.sub(r"/(\d+)(?=/|$)", f"/{i}", url["resource"])
                url["id"] = str(uuid.uuid5(ns, f"url {i} {url['resource']}"))
        group = rec.get("release-group")
        if isinstance(group, dict):
            group["id"] = str(uuid.uuid5(ns, f"group {(i + 1) // 2}"))
            group["title"] = rec["title"]
        for medium in rec.get("media", []):
            for track in medium.get("tracks", []):
                track["id"] = str(uuid.uuid5(ns, f"track {i} {track.get('position')} {medium.get('position')}"))
                track["title"] = f"{track.get('title', '')} {word}"
                if isinstance(track.get("recording"), dict):
                    track["recording"]["id"] = str(uuid.uuid5(ns, f"recording {i} {track['id']}"))
                    track["recording"]["title"] = track["title"]
        batch.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode())
        if len(batch) >= 2000:
            yield b"\n".join(batch) + b"\n"
            batch = []
    if batch:
        yield b"\n".join(batch) + b"\n"


def write_mb(n: int, out: Path, *, plain: bool, seed: int) -> Path:
    return _write_whole(out / f"mb_gen_release.jsonl{'' if plain else '.gz'}", generate_mb(n, seed=seed), plain=plain)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for kind in KINDS:
        ap.add_argument(f"--{kind}", type=int, default=0, metavar="N", help=f"{kind} to write")
    ap.add_argument("--mb-releases", type=int, default=0, metavar="N", help="MusicBrainz JSON Lines releases to write")
    ap.add_argument("--out", type=Path, default=Path("/tmp/mediagraph-dumps"))
    ap.add_argument("--plain", action="store_true", help="write .xml instead of .xml.gz")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        n = getattr(args, kind)
        if n:
            t = time.perf_counter()
            path = write(kind, n, args.out, plain=args.plain, seed=args.seed)
            dt = time.perf_counter() - t
            print(
                f"{path}: {n:,} {kind} in {dt:.1f} s ({n / dt:,.0f}/s), {path.stat().st_size:,} bytes"
            )
    if args.mb_releases:
        t = time.perf_counter()
        path = write_mb(args.mb_releases, args.out, plain=args.plain, seed=args.seed)
        print(f"{path}: {args.mb_releases:,} MusicBrainz releases in {time.perf_counter() - t:.1f} s, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
