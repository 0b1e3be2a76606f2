"""Resolution benchmark: generated mentions with known truth, resolved, scored pairwise.

    .venv/bin/python bench/resolve_eval.py [--records 100000] [--scale] [--splink] [--seed 7]

The generator makes works (films, albums, comics, books, TV series) and their releases, then
writes several noisy mentions of each, the way different pages and dumps describe one thing:
typos, romanisation (Yûzo/Yuuzo/Yuzo, Kôsei/Kousei/Kosei, ō/ou/oh), "&"/"and", hyphens, a
leading "The", missing years and years off by one, alternate titles, creator name variants
(word order, initials, accents), and releases whose reissues carry new catalog numbers and
barcodes. Many works share a title on purpose: remakes by other directors, an album, a film
and a manga all called the same, sequels ("X 2", "X II") by the same creator.

Each mention is one Work record, and about two in five also carry one Release record of that
work. ``mediagraph.resolve.engine.Engine`` resolves them in a shuffled order (works first,
then the release under its resolved work), on one core; records that name no creator are
held back (``defer=True``), with their releases, and placed by ``Engine.finish()``, which is
timed too (release ids are mapped through ``Engine.release_of`` after timing).
Tuning was done on other seeds (11, 30k records); the default seed 7 is only measured.
Scores are pairwise over records:
two records are a true pair when they describe the same entity, a predicted pair when the
engine put them on one entity; precision, recall and F1 are over those pairs, for works and
releases separately and together. Records/s counts Work and Release records resolved per
second of resolution (generation is not timed).

``--scale`` runs 25k, 50k and 100k work records to show the cost per record stays flat.
``--splink`` runs Splink (DuckDB backend, one thread) on the same work records, if it can be
imported (it is no dependency of mediagraph: install it into a side folder, e.g.
``pip install --target /tmp/benchlib splink``, and add that folder to PYTHONPATH); the model is
described in ``run_splink``. Its works scores sit beside the engine's works line.
``--repeat N`` resolves each size N times (text caches emptied between runs) and reports the
median run: CPU time on a shared machine varies by about ±10 % from run to run.
``--ceiling`` prints, after each run, the works F1 that no resolver can beat on those records
(``ceiling``: the truth undoes every perturbation, and only works a record fits equally well
remain to choose between).
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mediagraph import compiled
from mediagraph.model import Agent, Credit, Title, Work
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import Format, RecordSet, Release, ReleaseLabel, Source
from mediagraph.resolve.engine import Engine
from mediagraph.resolve.ingest import ingest
from mediagraph.store import Catalog

# -- vocabularies ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


JP_GIVEN = _words(
    "Yūzō Kōsei Shōtarō Ryūichi Jūzō Kōji Yūko Shūji Tōru Yōko Kyōko Ryōsuke Shōji Daisuke "
    "Hiroshi Takeshi Kenji Satoshi Mamoru Hayao Isao Katsuhiro Makoto Mitsuo Osamu Naoko Rumiko "
    "Kōhei Yūsuke Gorō Sōta Shōhei Yūta Kōtarō Ryūnosuke Jōji Shinji Akira Keiko Tomoko Yumi"
)
JP_FAMILY = _words(
    "Ōtomo Satō Katō Itō Saitō Gotō Kōno Andō Endō Kudō Ōno Ōta Tezuka Miyazaki Honda Oshii "
    "Hosoda Shinkai Anno Takahata Urasawa Toriyama Kōga Yūki Tōyama Ishii Mori Ōshima Ozu "
    "Kurosawa Mizoguchi Naruse Shindō Suzuki Tanaka Watanabe Yamamoto Nakamura Kobayashi "
    "Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Ikeda "
    "Hashimoto Abe Ishikawa Ogawa Fujita Okada Hasegawa Murakami Kondō Ishida Sakamoto Aoki "
    "Fujii Nishimura Fukuda Miura Fujiwara Okamoto Matsuda Nakagawa Nakano Harada Tamura "
    "Takeuchi Kaneko Wada Nakayama Ishihara Sakai Yokoyama Miyamoto Uchida Takagi Taniguchi "
    "Maruyama Imai Takada Fujimoto Takeda Murata Ueno Sugiyama Masuda Sugawara Hirano Ōtsuka "
    "Chiba Kubo Matsui Iwasaki Sakurai Kinoshita Noguchi Matsuo Nomura Kikuchi Sano Ōnishi "
    "Sugimoto Arai Hamada Sugiura Hoshino Kōmoto Shōda Ryūzaki Yūhara Tōdō Gōda Ōkubo"
)
WEST_GIVEN = _words(
    "Fritz Jeff Anna Maria José Zoë François Björk Søren Jürgen André Renée Łukasz Ángel "
    "Agnès Ingmar Werner Chantal Jean Pierre Claire Hélène Miloš Dušan Andrzej Krzysztof "
    "Pedro Luis Carlos Lucía Sofía Giulia Marco Federico Michelangelo Lars Thomas Peter "
    "Sarah Emma Olivia James John Robert Michael David William Richard Joseph Charles Daniel "
    "Nina Laura Julia Marta Elena Petra Ivan Sergei Dmitri Olga Tatiana Niels Ole Astrid"
)
WEST_FAMILY = _words(
    "Lang Mills Müller Schröder Dubois Lefèvre García Martínez Rodríguez López Hernández "
    "González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Cruz Morales Reyes "
    "Gutiérrez Ortiz Jiménez Ruiz Álvarez Castillo Romero Moreno Navarro Domínguez Vázquez "
    "Ramos Gil Serrano Blanco Suárez Molina Delgado Castro Ortega Rubio Marín Sanz Iglesias "
    "Nuñez Medina Garrido Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson "
    "Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker "
    "Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts "
    "Bergman Herzog Akerman Varda Godard Truffaut Kieślowski Forman Wajda Almodóvar Fellini "
    "Antonioni Trier Vinterberg Tarkovsky Eisenstein Dreyer Renoir Carné Tati Bresson Rohmer "
    "Øvredal Sjöström Žižek Čapek Dvořák Smetana Janáček Kovač Horváth Nagy Szabó Tóth"
)
EN_WORDS = _words(
    "night city machine river ghost shell steam boy garden iron rust neon saint glass orchard "
    "harbour silence winter summer letter mirror paper moon sun star wind rain fire water stone "
    "forest mountain ocean island bridge tower castle kingdom empire war peace love death life "
    "dream memory shadow light dark blood bone heart soul spirit angel devil king queen prince "
    "princess knight soldier hunter stranger lover friend enemy brother sister mother father "
    "child daughter son wolf fox crow raven tiger dragon snake horse bird fish flower rose "
    "lotus cherry blossom snow ice storm thunder lightning cloud sky earth road journey return "
    "escape voyage end beginning last first lost found hidden secret silent broken golden "
    "silver black white red blue green crimson electric atomic cosmic urban wild little great "
    "eternal final sacred velvet distant endless midnight morning evening yesterday tomorrow "
    "tokyo paris berlin vienna lisbon havana cairo harlem metropolis babylon avalon"
)
JP_WORDS = _words(
    "Tōkyō Kōkaku Ryūsei Shōnen Yūrei Kūsō Gekijō Chōjin Ōkami Kyūketsuki Sōgen Hōseki Yūgure "
    "Tsuki Hoshi Kaze Sora Umi Yume Kōya Jūnin Shōjo Ōji Yūki Dōbutsu Tōge Hōkai Kyōdai Gakkō "
    "Jūryoku Kōen Ryū Mahō Kaijū Senshi Sekai Mirai Tenshi Akuma Kōri Hōrō Shūmatsu Kyōfu "
    "Shōgun Rōnin Bushidō Ninjō Kūkan Tōmei Kōsoku Yūjō Sōzō Chūshingura Ōgon Kōtetsu"
)
KINDS = ("film", "album", "comic", "book", "tv_series")
KIND_WEIGHTS = (0.3, 0.3, 0.14, 0.16, 0.1)
ROLE = {"film": "director", "tv_series": "director", "album": "performer", "comic": "author", "book": "author"}
LABELS = (
    "Sony Records", "Victor Entertainment", "King Records", "Toshiba EMI", "Columbia", "Warner Music",
    "Universal", "Tresor", "Axis", "Warp", "Blue Note", "Deutsche Grammophon", "ECM", "Nonesuch",
    "Criterion", "Eureka", "Arrow Video", "BFI", "Kadokawa", "Shūeisha", "Kōdansha", "Shōgakukan",
    "Gallimard", "Penguin", "Vintage", "Tokuma", "Bandai Visual", "Aniplex", "Pony Canyon", "Avex",
)
LABEL_PREFIX = {lab: "".join(w[0] for w in lab.split()).upper()[:3] + str(i % 10) for i, lab in enumerate(LABELS)}


# -- truth ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    given: str
    family: str
    japanese: bool


@dataclass(slots=True)
class TrueRelease:
    id: int
    title: str
    label: str
    catno: str
    barcode: str
    year: int
    reissue: bool
    fmt: str


@dataclass(slots=True)
class TrueWork:
    id: int
    kind: str
    title: str
    alt: str | None
    year: int
    creators: list[Person]
    japanese: bool
    releases: list[TrueRelease]


@dataclass(slots=True)
class Mention:
    work: Work
    work_truth: int
    release: Release | None
    release_truth: int | None


# -- perturbations ----------------------------------------------------------------------------

_LONG = {"ō": ("ō", "ô", "ou", "o", "oh", "oo"), "ū": ("ū", "û", "uu", "u", "u", "u"), "Ō": ("Ō", "Ô", "Ou", "O", "Oh", "O"),
         "Ū": ("Ū", "Û", "Uu", "U", "U", "U")}


def romanise(text: str, style: int) -> str:
    """Render long vowels one way: 0 macron, 1 circumflex, 2 doubled, 3 plain, 4 "oh", 5 "oo"."""
    if not any(c in text for c in "ōūŌŪ"):
        return text
    return "".join(_LONG[c][style] if c in _LONG else c for c in text)


def strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])  # first letters are rarely mistyped
    op = rng.random()
    if op < 0.3:
        return text[:i] + rng.choice("aeioustrnl") + text[i + 1 :]
    if op < 0.55:
        return text[:i] + text[i + 1 :]
    if op < 0.8:
        return text[:i] + text[i] + text[i:]
    if i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


def punctuate(title: str, rng: random.Random) -> str:
    t = title
    if " & " in t and rng.random() < 0.5:
        t = t.replace(" & ", " and ")
    elif " and " in t and rng.random() < 0.3:
        t = t.replace(" and ", " & ")
    if "-" in t and rng.random() < 0.4:
        t = t.replace("-", rng.choice((" ", "")))
    if ": " in t and rng.random() < 0.3:
        t = t.replace(": ", rng.choice((" - ", " ")))
    if t.startswith("The ") and rng.random() < 0.15:
        t = t[4:]
    elif not t.startswith("The ") and rng.random() < 0.03:
        t = "The " + t
    r = rng.random()
    if r < 0.04:
        t = t.upper()
    elif r < 0.08:
        t = t.lower()
    elif r < 0.1:
        t = t + rng.choice((".", "!", " ..."))
    return t


def person_variant(p: Person, rng: random.Random, style: int) -> str:
    given, family = p.given, p.family
    if p.japanese:
        given, family = romanise(given, style), romanise(family, style)
        return f"{family} {given}" if rng.random() < 0.3 else f"{given} {family}"
    r = rng.random()
    if r < 0.08:
        return f"{given[0]}. {family}"
    if r < 0.3:
        return strip_accents(f"{given} {family}")
    if r < 0.33:
        return typo(f"{given} {family}", rng)
    return f"{given} {family}"


# -- generation -------------------------------------------------------------------------------


class Generator:
    def __init__(self, n_records: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_records = n_records
        self.people: list[Person] = []
        self.works: list[TrueWork] = []
        self._rid = 0

    def person(self) -> Person:
        rng = self.rng
        if self.people and rng.random() < 0.55:
            # Most people make a few works; the first 2% (as many as the catalog grows to)
            # are prolific, with ten to a few dozen works each.
            if rng.random() < 0.2:
                return rng.choice(self.people[: max(1, len(self.people) // 50)])
            return rng.choice(self.people)
        jp = rng.random() < 0.45
        p = Person(rng.choice(JP_GIVEN), rng.choice(JP_FAMILY), True) if jp else Person(rng.choice(WEST_GIVEN), rng.choice(WEST_FAMILY), False)
        self.people.append(p)
        return p

    def title(self, japanese: bool) -> str:
        rng = self.rng
        w = lambda: rng.choice(EN_WORDS).capitalize()  # noqa: E731
        j = lambda: rng.choice(JP_WORDS)  # noqa: E731
        if japanese and rng.random() < 0.7:
            # One-word titles are few: 55 words would otherwise name thousands of works.
            form = rng.choices(range(4), (0.1, 0.3, 0.3, 0.3))[0]
            return (j(), f"{j()} no {j()}", f"{j()} {j()}", f"{j()}-{j()}")[form]
        form = rng.randrange(10)
        return (
            f"{w()} {w()}",
            f"The {w()} {w()}",
            f"{w()} of the {w()}",
            f"{w()} & {w()}",
            f"{w()}-{w()}",
            f"{w()}: {w()} {w()}",
            f"The {w()}",
            f"{w()} {w()} {w()}",
            f"{w()} in the {w()}",
            f"A {w()} for the {w()}",
        )[form]

    def releases(self, kind: str, title: str, year: int) -> list[TrueRelease]:
        rng = self.rng
        n = {"album": rng.choice((1, 1, 2, 2, 3)), "film": rng.choice((0, 1, 1, 2)), "comic": rng.choice((0, 1)),
             "book": rng.choice((0, 1)), "tv_series": rng.choice((0, 1))}[kind]
        label = rng.choice(LABELS)
        out = []
        for i in range(n):
            self._rid += 1
            if i and rng.random() < 0.3:
                label = rng.choice(LABELS)
            catno = f"{LABEL_PREFIX[label]}-{rng.randrange(100, 99999)}"
            digits = [rng.randrange(10) for _ in range(12)]
            check = (10 - sum(d * (3 if k % 2 else 1) for k, d in enumerate(digits)) % 10) % 10
            fmt = {"album": "CD", "film": "Blu-ray", "tv_series": "DVD"}.get(kind, "Paperback")
            ryear = year if i == 0 else min(2025, year + rng.randrange(2, 30))
            out.append(TrueRelease(self._rid, title, label, catno, "".join(map(str, digits)) + str(check), ryear, i > 0, fmt))
        return out

    def generate(self) -> list[Mention]:
        rng = self.rng
        n_works = int(self.n_records / 2.6)
        shared_titles = [self.title(rng.random() < 0.4) for _ in range(max(50, n_works // 10))]
        for wid in range(n_works):
            prev = self.works[-1] if self.works else None
            if prev is not None and rng.random() < 0.05 and prev.kind in ("film", "comic", "book", "album"):
                # A sequel by the same creator.
                title = prev.title + rng.choice((" 2", " II", " 3", ": Part Two"))
                kind, year, creators, jp = prev.kind, prev.year + rng.randrange(1, 5), prev.creators, prev.japanese
            else:
                kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
                creators = [self.person()]
                if rng.random() < 0.15:
                    creators.append(self.person())
                jp = creators[0].japanese
                title = rng.choice(shared_titles) if rng.random() < 0.35 else self.title(jp)
                year = rng.randrange(1920, 2025)
            alt = None
            if jp and rng.random() < 0.5:
                alt = self.title(False)
            elif rng.random() < 0.08:
                alt = rng.choice(("Le ", "La ", "Der ", "El ")) + rng.choice(EN_WORDS).capitalize()
            self.works.append(TrueWork(wid, kind, title, alt, year, creators, jp, self.releases(kind, title, year)))
        mentions: list[Mention] = []
        for tw in self.works:
            k = 1
            while k < 8 and rng.random() < 0.65:
                k += 1
            for m in range(k):
                mentions.append(self.mention(tw, m))
        rng.shuffle(mentions)
        return mentions[: self.n_records]

    def mention(self, tw: TrueWork, m: int) -> Mention:
        rng = self.rng
        style = rng.randrange(6)
        title = tw.alt if tw.alt and rng.random() < 0.15 else tw.title
        title = punctuate(romanise(title, style), rng)
        r = rng.random()
        if r < 0.12:
            title = typo(title, rng)
        elif r < 0.14:
            title = typo(typo(title, rng), rng)
        titles = [Title(text=title)]
        if tw.alt and title != tw.alt and rng.random() < 0.2:
            titles.append(Title(text=romanise(tw.alt, style), kind="alternate"))
        year: int | None = tw.year
        r = rng.random()
        if r < 0.2:
            year = None
        elif r < 0.28:
            year = tw.year + rng.choice((-1, 1))
        credits: list[Credit] = []
        if rng.random() > 0.2:
            role = ROLE[tw.kind]
            credits = [Credit(agent=Agent(name=person_variant(p, rng, style)), role=role) for p in tw.creators]
            if tw.kind in ("film", "tv_series") and rng.random() < 0.25:
                credits.append(Credit(agent=Agent(name=person_variant(self.person(), rng, style)), role="actor"))
        kind = "other" if rng.random() < 0.03 else tw.kind
        work = Work(key=f"_:w{tw.id}.{m}", kind=kind, titles=tuple(titles), date=str(year) if year else None, credits=tuple(credits))  # type: ignore[arg-type]
        release = None
        rel_truth = None
        if tw.releases and rng.random() < 0.45:
            tr = rng.choice(tw.releases)
            release = self.release_mention(tr, tw, work.key, style)
            rel_truth = tr.id
        return Mention(work, tw.id, release, rel_truth)

    def release_mention(self, tr: TrueRelease, tw: TrueWork, work_key: str, style: int) -> Release:
        rng = self.rng
        title = punctuate(romanise(tr.title, style), rng)
        if rng.random() < 0.05:
            title = typo(title, rng)
        catno: str | None = tr.catno
        r = rng.random()
        if r < 0.15:
            catno = None
        elif r < 0.35:
            catno = tr.catno.replace("-", rng.choice(("", " ")))
        elif r < 0.4:
            catno = tr.catno.lower()
        labels = () if rng.random() < 0.08 else (ReleaseLabel(label=Agent(name=romanise(tr.label, style), kind="organization"), catalog_number=catno),)  # type: ignore[arg-type]
        idents = (Identifier.make(IdScheme.BARCODE, tr.barcode),) if rng.random() < 0.5 else ()
        desc = ("Album", "RE") if tr.reissue else ("Album",)
        return Release(
            key=f"_:r{tr.id}.{rng.randrange(1 << 30)}",
            title=title,
            work=work_key,
            formats=(Format(name=tr.fmt, descriptions=desc),),
            labels=labels,
            date=str(tr.year) if rng.random() > 0.2 else None,
            identifiers=idents,
        )


# -- scoring ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Pairs:
    tp: int = 0
    predicted: int = 0
    true: int = 0

    def add(self, other: Pairs) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.true += other.true

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return f"P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}"


def pairwise(predicted: Iterable[object], truth: Iterable[object]) -> Pairs:
    """Pairwise counts from a cluster label per record (predicted and true), in O(n)."""
    pred, true = list(predicted), list(truth)

    def pairs(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    return Pairs(
        tp=pairs(Counter(zip(pred, true, strict=True)).values()),
        predicted=pairs(Counter(pred).values()),
        true=pairs(Counter(true).values()),
    )


# -- runs ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    records: int
    seconds: float
    works: Pairs
    releases: Pairs

    @property
    def rate(self) -> float:
        return self.records / self.seconds

    @property
    def overall(self) -> Pairs:
        p = Pairs()
        p.add(self.works)
        p.add(self.releases)
        return p


def place(mentions: list[Mention]) -> tuple[list[int], list[int], float]:
    """Every mention's work and release through one engine with its finishing steps: the entities
    they end on, and the CPU seconds resolution took."""
    engine = Engine()
    work_pred: list[int] = []
    rel_pred: list[int] = []
    gc.disable()  # collection pauses would be billed to resolution
    t0 = time.process_time()
    for m in mentions:
        w = engine.resolve_work(m.work, defer=True).entity
        work_pred.append(w)
        if m.release is not None:
            rel_pred.append(engine.resolve_release(m.release, work=w).entity)
    engine.finish()
    seconds = time.process_time() - t0
    gc.enable()
    # (releases held back with their works)
    return [engine.entity_of(w) for w in work_pred], [engine.release_of(r) for r in rel_pred], seconds


def run_engine(mentions: list[Mention]) -> Result:
    work_pred, rel_pred, seconds = place(mentions)
    n = len(mentions) + len(rel_pred)
    return Result(
        n,
        seconds,
        pairwise(work_pred, [m.work_truth for m in mentions]),
        pairwise(rel_pred, [m.release_truth for m in mentions if m.release is not None]),
    )


def _mention_set(i: int, m: Mention) -> RecordSet:
    """One mention as the records of one page: its work, and the release it names."""
    src = Source(uri=f"bench:mention/{i}", kind="page", content_hash=f"m{i}")
    return RecordSet(source=src, works=(m.work,), releases=(m.release,) if m.release is not None else ())


def _placed(catalog: Catalog, mentions: list[Mention]) -> tuple[list[int], list[int]]:
    """The entity each mention's work and release sits on now (read after timing)."""
    works: list[int] = []
    rels: list[int] = []
    with catalog.transaction(write=False) as tx:
        on = {(int(s), k): e for s, k, e in tx.fetch("SELECT source_id, local_key, entity_id FROM statements")}
        uri = {u: int(i) for i, u in tx.fetch("SELECT id, uri FROM sources")}
        merged = dict(tx.fetch("SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL"))

        def root(e: int) -> int:
            while e in merged:
                e = merged[e]
            return e

        for i, m in enumerate(mentions):
            sid = uri[f"bench:mention/{i}"]
            works.append(root(on[(sid, m.work.key)]))
            if m.release is not None:
                rels.append(root(on[(sid, m.release.key)]))
    return works, rels


def _score(mentions: list[Mention], works: list[int], rels: list[int], seconds: float) -> Result:
    return Result(
        len(mentions) + len(rels),
        seconds,
        pairwise(works, [m.work_truth for m in mentions]),
        pairwise(rels, [m.release_truth for m in mentions if m.release is not None]),
    )


class Autovacuum:
    """Stands in for PostgreSQL's autovacuum when the server has it switched off (the CI server
    here: ``autovacuum = off`` in its ``conf.d/90-ci.conf``), as a user's server would not.

    A catalog created empty is never analyzed then, and plans made while its tables were empty
    are kept: ``pg_stat_user_tables`` counted a sequential scan of ``sources`` on every page (and
    of ``entities`` and ``search_docs`` on every second or third), each reading the whole table.
    Measured at 5,000 pages of 100k (2026-12-08, load 9): 6.7 pages/s wall, the server ≈ 24 ms
    of CPU a page and growing with the catalog; after one ANALYZE, 20 pages/s and no
    sequential scans. This runs ANALYZE
    whenever the page count doubles from 1,000, and once before ``resolve``: fewer runs than
    autovacuum's default (50 rows + 10 % of a table changed). It runs on its own connection; its
    time is the server's, so it is in the wall figures, not in this process's CPU."""

    def __init__(self, url: str) -> None:
        self.engine = None
        self.next = 1_000
        self.runs = 0
        if url.startswith("postgresql"):
            import sqlalchemy as sa

            engine = sa.create_engine(url)
            with engine.connect() as conn:
                if conn.execute(sa.text("SHOW autovacuum")).scalar() == "off":
                    self.engine = engine
                    print("  (the server's autovacuum is off: the benchmark runs ANALYZE in its stead as the catalog grows)", file=sys.stderr, flush=True)
                else:
                    engine.dispose()

    def tick(self, pages: int, *, now: bool = False) -> None:
        if self.engine is None or not (now or pages >= self.next):
            return
        import sqlalchemy as sa

        while self.next <= pages:
            self.next *= 2
        with self.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
        self.runs += 1

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def run_catalog(mentions: list[Mention], url: str) -> tuple[Result, float, Result, float]:
    """The mentions through ``ingest``, one source each, as pages arrive, into a fresh catalog
    at ``url``, then ``mediagraph resolve`` once (``rerun.plan`` and ``apply``, which place the
    bare titles ingest held back): (the result after the pages, with CPU seconds of this
    process; their wall seconds; the result after ``resolve``, with its CPU seconds; its wall)."""
    from mediagraph.resolve import rerun

    catalog = Catalog(url)
    progress = Progress("pages", 10_000)
    autovacuum = Autovacuum(url)
    done = 0
    gc.disable()
    t0, w0 = time.process_time(), time.perf_counter()
    for i, m in enumerate(mentions):
        with catalog.transaction() as tx:
            ingest(tx, _mention_set(i, m))
        done += 1 if m.release is None else 2
        progress.tick(done)
        autovacuum.tick(i + 1)
    seconds, wall = time.process_time() - t0, time.perf_counter() - w0
    gc.enable()
    autovacuum.tick(len(mentions), now=True)
    autovacuum.close()
    works, rels = _placed(catalog, mentions)
    pages = _score(mentions, works, rels, seconds)
    t0, w0 = time.process_time(), time.perf_counter()
    with catalog.transaction() as tx:
        rerun.apply(tx, rerun.plan(tx), author="bench")
    seconds, rwall = time.process_time() - t0, time.perf_counter() - w0
    works, rels = _placed(catalog, mentions)
    catalog.close()
    return pages, wall, _score(mentions, works, rels, seconds), rwall


def run_bulk(mentions: list[Mention], url: str, *, batch: int = 1000) -> tuple[Result, float, float]:
    """The mentions as one dump's first load into a fresh catalog at ``url``: the batches
    ``import_dump`` hands the bulk loader (``resolve/bulk.py``), ``batch`` records each, with the
    dump's search documents published at the end, as the import does. Returns (the result, with
    the engine's CPU seconds inside the load; the whole load's CPU seconds; its wall seconds).
    Parsing a dump file is not part of it (``bench/import_speed.py`` measures that)."""
    from mediagraph.resolve.bulk import BulkLoader
    from mediagraph.store import bulk as store_bulk
    from mediagraph.store import sources

    catalog = Catalog(url)
    uri = "bench:dump"
    src = Source(uri=uri, kind="discogs")
    with catalog.transaction() as tx:
        sid = sources.ensure(tx, uri=uri, kind="discogs")
        store_bulk.tune(tx, bulk=True)
    loader = BulkLoader(source_id=sid, source_uri=uri, source_kind="discogs", empty=True)
    progress = Progress("bulk", 100_000)
    done = 0
    gc.disable()
    t0, w0 = time.process_time(), time.perf_counter()
    for i in range(0, len(mentions), batch):
        part = mentions[i : i + batch]
        rs = RecordSet(source=src, works=tuple(m.work for m in part), releases=tuple(m.release for m in part if m.release is not None))
        with catalog.transaction() as tx:
            loader.load(tx, rs)
        done += len(rs.works) + len(rs.releases)
        progress.tick(done)
    with catalog.transaction() as tx:
        loader.finish(tx)
        store_bulk.publish_docs(tx)
        store_bulk.tune(tx, bulk=False)
    seconds, wall = time.process_time() - t0, time.perf_counter() - w0
    gc.enable()
    with catalog.transaction(write=False) as tx:
        on = {k: e for k, e in tx.fetch("SELECT local_key, entity_id FROM statements WHERE source_id = ?", (sid,))}
        merged = dict(tx.fetch("SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL"))
    catalog.close()

    def root(e: int) -> int:
        while e in merged:
            e = merged[e]
        return e

    works = [root(on[m.work.key]) for m in mentions]
    rels = [root(on[m.release.key]) for m in mentions if m.release is not None]
    return _score(mentions, works, rels, loader.resolve_seconds), seconds, wall


def _fresh_url(backend: str, n: int) -> str:
    """A new, empty catalog: a SQLite file in a temporary folder, or the PostgreSQL database
    ``test`` emptied (``--pg URL``)."""
    if backend == "sqlite":
        import tempfile

        return f"sqlite:///{tempfile.mkdtemp(prefix='mg-resolve-')}/catalog-{n}.db"
    import sqlalchemy as sa

    eng = sa.create_engine(backend)
    with eng.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    eng.dispose()
    return backend


def run_splink(mentions: list[Mention]) -> tuple[Pairs, float, float, str]:
    """Splink on the work records: (pairwise scores, records/s wall, records/s CPU, settings used).

    The model (unchanged since the first side-by-side run): each record gives its first
    title (``match.key``, then ``compact``: case, accents, punctuation and spaces folded), its
    kind ("other" as unknown), its year and its first non-actor creator (``blocking.person_key``:
    the name's words sorted, so "Nakagawa Tohru" = "Tohru Nakagawa"). Candidate pairs come from
    three blocks: the same folded title; the same first four letters of it and kind; the same
    creator and year. Each pair is compared on title (Jaro-Winkler ≥ 0.97 / 0.92 / 0.85), kind
    (exact), year (within 1 / 3) and creator (Jaro-Winkler ≥ 0.95 / 0.88). λ is estimated from
    title-and-creator pairs, u from 2M random pairs, m by EM on two blockings (title; creator and
    year), so each comparison is trained where it is not blocked on. Pairs at match probability
    ≥ 0.5 are kept, and records are clustered by connected components at ≥ 0.9. One DuckDB
    thread, as the engine has one core; CPU is this process's (DuckDB runs inside it). Scored by
    ``pairwise``, as every other run here. Works only: the model has no release fields."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from mediagraph.resolve.blocking import person_key
    from mediagraph.resolve.match import compact, key

    rows: dict[str, list[object]] = {"unique_id": [], "title": [], "title_c": [], "title4": [], "kind": [], "year": [], "creator": []}
    for i, m in enumerate(mentions):
        w = m.work
        t = key(w.titles[0].text)
        rows["unique_id"].append(i)
        rows["title"].append(t)
        rows["title_c"].append(compact(t))
        rows["title4"].append(compact(t)[:4])
        rows["kind"].append(None if str(w.kind) == "other" else str(w.kind))
        rows["year"].append(int(w.date) if w.date else None)
        main = [c for c in w.credits if c.role != "actor"]
        rows["creator"].append(person_key(main[0].agent.name) if main else None)
    table = pa.table(rows)
    con = duckdb.connect()
    con.execute("SET threads TO 1")
    t0, c0 = time.perf_counter(), time.process_time()
    db = DuckDBAPI(con)
    sdf = db.register(table, table_name="works")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("title_c", [0.97, 0.92, 0.85]),
            cl.ExactMatch("kind"),
            cl.AbsoluteDifferenceAtThresholds("year", [1, 3]) if hasattr(cl, "AbsoluteDifferenceAtThresholds") else cl.ExactMatch("year"),
            cl.JaroWinklerAtThresholds("creator", [0.95, 0.88]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("title_c"),
            block_on("title4", "kind"),
            block_on("creator", "year"),
        ],
        retain_matching_columns=False,
    )
    linker = Linker(sdf, settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("title_c", "creator")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("title_c"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("creator", "year"))
    preds = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(preds, threshold_match_probability=0.9)
    got = con.execute(f"select unique_id, cluster_id from {clusters.physical_name}").fetchall()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    label = dict(got)
    pred = [label.get(i, f"single{i}") for i in range(len(mentions))]
    how = "Jaro-Winkler title/creator, kind, year; EM-trained; clusters at p ≥ 0.9"
    return pairwise(pred, [m.work_truth for m in mentions]), len(mentions) / seconds, len(mentions) / cpu, how


# How the generator dates a mention: no year (20%), a year off by one either way (4% each), else
# the work's year. The ceiling below weighs each candidate work by it.
_YEAR_ODDS = {None: 0.2, 0: 0.72, 1: 0.04}


def ceiling(works: list[TrueWork], mentions: list[Mention]) -> list[tuple[float, Pairs]]:
    """An upper bound on works F1: a reader that sees through every perturbation but cannot
    tell apart works a record fits equally well.

    Each record is read with the truth's help: which title it was written from (main or
    alternate, typos and romanisation undone), and its creators as the people they are. The
    works it could then be are those of that title and kind (any kind for "other"), with the
    same creators when it names any, and every other title it gives; each is weighed by how
    many records it has and how likely the record's year is under it (``_YEAR_ODDS``). The
    record goes to the likeliest, or stays alone when that one's share of the weight is under
    a threshold; returned for each threshold tried. Knowing the titles, the people and each
    work's number of records makes this optimistic: no resolver can do better on this data.
    """
    from rapidfuzz.distance import OSA

    from mediagraph.resolve.match import compact, key

    counts = Counter(m.work_truth for m in mentions)

    def ck(text: str) -> str:
        return compact(key(text))

    by_title: dict[str, list[TrueWork]] = {}
    for tw in works:
        if tw.id in counts:
            for t in {ck(tw.title), ck(tw.alt) if tw.alt else None} - {None}:
                by_title.setdefault(t, []).append(tw)  # type: ignore[arg-type]
    picks: list[tuple[int, float]] = []
    for m in mentions:
        w, tw = m.work, works[m.work_truth]
        first = ck(w.titles[0].text)
        src = tw.alt if tw.alt and OSA.distance(first, ck(tw.alt)) < OSA.distance(first, ck(tw.title)) else tw.title
        others = [ck(t.text) for t in w.titles[1:]]
        year = int(w.date) if w.date else None
        named = any(c.role != "actor" for c in w.credits)
        weights: dict[int, float] = {}
        for c in by_title[ck(src)]:
            if str(w.kind) != "other" and c.kind != str(w.kind):
                continue
            if named and list(map(id, c.creators)) != list(map(id, tw.creators)):
                continue
            if others and not all(o in (ck(c.title), ck(c.alt) if c.alt else None) for o in others):
                continue
            odds = _YEAR_ODDS.get(None if year is None else abs(year - c.year), 0.0)
            if odds:
                weights[c.id] = odds * counts[c.id]
        best = max(weights.values())
        picks.append((min(i for i, v in weights.items() if v == best), best / sum(weights.values())))
    truth = [m.work_truth for m in mentions]
    out = []
    for threshold in (0.0, 0.5, 0.6, 0.7, 0.8, 0.9):
        labels: list[object] = [p if share >= threshold else ("alone", i) for i, (p, share) in enumerate(picks)]
        out.append((threshold, pairwise(labels, truth)))
    return out


def _clear_caches() -> None:
    """Empty the text-folding caches of the resolution modules (``functools.lru_cache``)."""
    from mediagraph import normalize
    from mediagraph.resolve import blocking, match

    for module in (normalize, match, blocking):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def _rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Progress:
    """A line on stderr every ``every`` records while a long run goes on: records so far, CPU
    rate overall and over the last stretch, wall, peak RSS, so a run stopped early still says
    how its cost grew."""

    def __init__(self, label: str, every: int) -> None:
        self.label, self.every = label, every
        self.t0, self.w0 = time.process_time(), time.perf_counter()
        self.last_n, self.last_t = 0, self.t0
        self.next = every

    def tick(self, n: int) -> None:
        if n < self.next:
            return
        self.next = n + self.every
        t = time.process_time()
        print(
            f"  [{self.label}] {n:,} records: {n / (t - self.t0):,.0f} records/s CPU so far, "
            f"{(n - self.last_n) / (t - self.last_t):,.0f} over the last {n - self.last_n:,}; "
            f"wall {time.perf_counter() - self.w0:,.0f} s; peak RSS {_rss_mib():,.0f} MiB",
            file=sys.stderr,
            flush=True,
        )
        self.last_n, self.last_t = n, t


def report(label: str, res: Result) -> None:
    print(f"{label}: {res.records} records in {res.seconds:.2f} s CPU = {res.rate:,.0f} records/s")
    print(f"  works    {res.works.line()}")
    print(f"  releases {res.releases.line()}")
    print(f"  overall  {res.overall.line()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000, help="work records (mentions); releases come on top")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", action="store_true", help="also run 25k and 50k to show cost per record")
    ap.add_argument("--splink", action="store_true", help="run Splink on the same work records")
    ap.add_argument("--repeat", type=int, default=1, help="resolve each size this many times and report the median run (this machine's speed varies by ±10%% run to run)")
    ap.add_argument("--ceiling", action="store_true", help="also print the works F1 no resolver can beat on this data")
    ap.add_argument("--catalog", action="store_true", help="also run the mentions through the catalog (ingest, one source each) into a fresh SQLite file, then `mediagraph resolve` once")
    ap.add_argument("--bulk", action="store_true", help="also load the mentions as one dump's first load (the bulk loader) into a fresh SQLite file")
    ap.add_argument("--pg", metavar="URL", help="with --catalog/--bulk: also into this PostgreSQL database, a dedicated one: its public schema is dropped first")
    ap.add_argument("--no-engine", action="store_true", help="skip the engine-alone run")
    ap.add_argument("--no-sqlite", action="store_true", help="with --pg: run --catalog/--bulk on PostgreSQL only")
    args = ap.parse_args(argv)
    sizes = [25_000, 50_000, args.records] if args.scale else [args.records]
    backends = [*([] if args.no_sqlite and args.pg else ["sqlite"]), *([args.pg] if args.pg else [])]
    print(f"resolution core: {compiled.summary()} (scripts/compile; MEDIAGRAPH_PURE=1 for interpreted)")
    mentions: list[Mention] = []
    for n in sizes:
        t0 = time.perf_counter()
        gen = Generator(n, args.seed)
        mentions = gen.generate()
        rels = sum(m.release is not None for m in mentions)
        print(f"generated {len(mentions)} work + {rels} release records ({len(set(m.work_truth for m in mentions))} true works) in {time.perf_counter() - t0:.1f} s; peak RSS {_rss_mib():,.0f} MiB")
        runs = []
        for _ in range(0 if args.no_engine else args.repeat):
            _clear_caches()  # every run folds every text afresh, as a new process would
            runs.append(run_engine(mentions))
        if len(runs) > 1:
            print(f"  {len(runs)} runs, CPU s in order: {' '.join(f'{r.seconds:.2f}' for r in runs)}; the median run:")
        if runs:
            res = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
            report(f"engine @ {n // 1000}k", res)
        if args.ceiling:
            best = max(ceiling(gen.works, mentions), key=lambda tp: tp[1].f1)
            print(f"  ceiling  works {best[1].line()}  (alone below a {best[0]:.1f} share)")
        if args.catalog:
            for backend in backends:
                _clear_caches()
                res, wall, after, rwall = run_catalog(mentions, _fresh_url(backend, n))
                name = "sqlite" if backend == "sqlite" else "postgresql"
                report(f"catalog ({name}, one source a mention) @ {n // 1000}k", res)
                print(f"  wall {wall:.1f} s = {res.records / wall:,.0f} records/s")
                report(f"  then `mediagraph resolve` once ({name})", after)
                print(f"  wall {rwall:.1f} s; pages and resolve {res.seconds + after.seconds:.1f} s CPU = {res.records / (res.seconds + after.seconds):,.0f} records/s")
                print(f"  peak RSS {_rss_mib():,.0f} MiB (this process so far)")
        if args.bulk:
            for backend in backends:
                _clear_caches()
                res, load, wall = run_bulk(mentions, _fresh_url(backend, n))
                name = "sqlite" if backend == "sqlite" else "postgresql"
                report(f"bulk ({name}, one dump's first load; resolution CPU) @ {n // 1000}k", res)
                print(f"  whole load {load:.1f} s CPU = {res.records / load:,.0f} records/s; wall {wall:.1f} s = {res.records / wall:,.0f} records/s")
                print(f"  peak RSS {_rss_mib():,.0f} MiB (this process so far)")
    if args.splink:
        runner: Callable[[list[Mention]], tuple[Pairs, float, float, str]] = run_splink
        try:
            pairs, rate, cpu_rate, how = runner(mentions)
        except ImportError as e:
            print(
                f"splink: not run, it cannot be imported ({e}). It is not a dependency of mediagraph; "
                "install it beside the project, e.g. `.venv/bin/pip install --target /tmp/benchlib splink`, "
                "and run with PYTHONPATH=src:/tmp/benchlib"
            )
            return 0
        print(f"splink (works only; {how}): {rate:,.0f} records/s wall, {cpu_rate:,.0f} records/s CPU, 1 DuckDB thread; peak RSS {_rss_mib():,.0f} MiB")
        print(f"  works    {pairs.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
