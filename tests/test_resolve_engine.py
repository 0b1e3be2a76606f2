"""The in-memory resolution engine on small cases a user would notice."""

from __future__ import annotations

from mediagraph.model import Agent, Credit, Title, Work
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import Format, RecordSet, Release, ReleaseLabel, Source
from mediagraph.resolve import match
from mediagraph.resolve.blocking import blocking_keys, label_keys
from mediagraph.resolve.engine import Engine


def work(title: str, kind: str = "film", year: str | None = None, *, by: tuple[str, ...] = (), role: str = "director",
         alt: tuple[str, ...] = ()) -> Work:
    return Work(
        key=f"_:{title}:{kind}:{year}:{by}",
        kind=kind,  # type: ignore[arg-type]
        titles=(Title(text=title), *(Title(text=a, kind="alternate") for a in alt)),
        date=year,
        credits=tuple(Credit(agent=Agent(name=n), role=role) for n in by),
    )


def release(title: str, catno: str | None, year: str | None, *, barcode: str | None = None, reissue: bool = False) -> Release:
    return Release(
        key=f"_:r:{title}:{catno}:{year}:{barcode}",
        title=title,
        labels=(ReleaseLabel(label=Agent(name="Tresor", kind="organization"), catalog_number=catno),),  # type: ignore[arg-type]
        formats=(Format(name="CD", descriptions=("Album", "RE") if reissue else ("Album",)),),
        date=year,
        identifiers=(Identifier.make(IdScheme.BARCODE, barcode),) if barcode else (),
    )


def test_romanisation_variants_of_title_and_creator_merge() -> None:
    engine = Engine()
    first = engine.resolve_work(work("Kōkaku Kidōtai", year="1995", by=("Mamoru Oshii",)))
    for title, name in [("Koukaku Kidoutai", "Oshii Mamoru"), ("Kôkaku Kidôtai", "Mamoru Oshii"), ("Kokaku Kidotai", "Mamoru Ohshii")]:
        assert engine.resolve_work(work(title, year="1995", by=(name,))).entity == first.entity
    # Kôhei, Kouhei, Kohei and Koohei are one spelling.
    a = engine.resolve_work(work("Yūrei", "comic", "2000", by=("Andō Kōhei",), role="author"))
    b = engine.resolve_work(work("YUUREI", "comic", "2000", by=("Koohei Andoo",), role="author"))
    assert a.entity == b.entity != first.entity


def test_ampersand_hyphen_and_article_merge() -> None:
    engine = Engine()
    a = engine.resolve_work(work("The Spider-Man & the Fox", year="1990", by=("Ana Ruiz",)))
    assert engine.resolve_work(work("Spider Man and the Fox", year="1990")).entity == a.entity
    assert engine.resolve_work(work("the spiderman & the fox", by=("Ana Ruiz",))).entity == a.entity


def test_same_title_different_kind_or_director_stay_apart() -> None:
    engine = Engine()
    ids = {
        engine.resolve_work(work("Metropolis", "film", "1927", by=("Fritz Lang",))).entity,
        engine.resolve_work(work("Metropolis", "comic", "1949", by=("Osamu Tezuka",), role="author")).entity,
        engine.resolve_work(work("Metropolis", "film", "2001", by=("Rintaro",))).entity,
        engine.resolve_work(work("Metropolis", "album", "2000", by=("Jeff Mills",), role="performer")).entity,
        # A remake in the same year by someone else is still another film.
        engine.resolve_work(work("Metropolis", "film", "2001", by=("Ana Ruiz",))).entity,
    }
    assert len(ids) == 5
    # Lang's film dated 1926 by one page is Lang's film; Tezuka credited family name first too.
    assert engine.resolve_work(work("Metropolis", "film", "1926", by=("Fritz Lang",))).outcome == "matched"
    assert engine.resolve_work(work("Metropolis", "comic", None, by=("Tezuka Osamu",), role="author")).outcome == "matched"
    assert len(engine.works) == 5


def test_sequels_are_not_the_first_work() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Iron River", year="1990", by=("Ana Ruiz",)))
    b = engine.resolve_work(work("Iron River 2", year="1991", by=("Ana Ruiz",)))
    c = engine.resolve_work(work("Iron River II", by=("Ana Ruiz",)))
    assert a.entity != b.entity
    assert c.entity == b.entity  # "2" and "II" are one number


def test_typo_in_title_merges_when_year_and_creator_agree() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Ghost in the Shell", year="1995", by=("Mamoru Oshii",)))
    assert engine.resolve_work(work("Ghost in teh Shell", year="1995", by=("Mamoru Oshii",))).entity == a.entity
    assert engine.resolve_work(work("Gost in the Shell", year="1995", by=("Mamoru Oshii",))).entity == a.entity
    # The same typo with another director and year is another film.
    assert engine.resolve_work(work("Ghost in teh Shell", year="2017", by=("Rupert Sanders",))).entity != a.entity


def test_alternate_title_merges_through_creator_and_year() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Kimi no Na wa", year="2016", by=("Makoto Shinkai",), alt=("Your Name",)))
    assert engine.resolve_work(work("Your Name.", year="2016", by=("Shinkai Makoto",))).entity == a.entity


def test_reissue_with_new_catalog_number_is_same_work_other_release() -> None:
    engine = Engine()
    rs = RecordSet(
        source=Source(uri="file:///a"),
        works=(work("Metropolis", "album", "2000", by=("Jeff Mills",), role="performer"),),
    )
    w = engine.resolve(rs)[rs.works[0].key].entity
    original = engine.resolve_release(release("Metropolis", "TRESOR 157", "2000", barcode="4250094700231"), work=w)
    again = engine.resolve_release(release("Metropolis", "tresor157", "2000"), work=w)
    reissue = engine.resolve_release(release("Metropolis", "TRESOR 157R", "2010", reissue=True), work=w)
    w2 = engine.resolve_work(work("Metropolis", "album", "2000", by=("Jeff Mills",), role="performer")).entity
    assert w2 == w
    assert again.entity == original.entity
    assert reissue.entity != original.entity
    # A mention of the reissue without its catalog number finds it by its year and edition.
    assert engine.resolve_release(release("Metropolis", None, "2010", reissue=True), work=w).entity == reissue.entity


def test_product_and_engine_block_with_the_same_title_keys() -> None:
    w = work("The Kôsei & Friends", year="2001")
    keys = blocking_keys(w)
    assert {"t:the kosei and friends", "c:koseiandfriends", "o:and friends kosei"} <= keys
    assert "the kosei and friends" in label_keys(keys)


def test_reasons_explain_a_refusal() -> None:
    lang = match.WorkFacts.of(work("Metropolis", "film", "1927", by=("Fritz Lang",)))
    rintaro = match.WorkFacts.of(work("Metropolis", "film", "2001", by=("Rintaro",)))
    verdict = match.score_work_facts(lang, rintaro)
    assert not verdict.same and verdict.veto == "different directors: ['fritz lang'] vs ['rintaro']"


def test_a_bare_title_waits_for_finish_and_never_guesses_between_two_works() -> None:
    engine = Engine()
    bare = work("The Tiger")
    early = engine.resolve_work(bare, defer=True)
    lang = engine.resolve_work(work("The Tiger", year="1951", by=("Ana Ruiz",)))
    ruiz = engine.resolve_work(work("The Tiger", year="1980", by=("Jon Brown",)))
    assert lang.entity != ruiz.entity
    lone = engine.resolve_work(work("Harbour of the Crow"), defer=True)
    crow = engine.resolve_work(work("Harbour of the Crow", year="1990", by=("Ana Ruiz",)))
    engine.finish()
    # Two films called The Tiger fit it equally: it stays apart rather than join one at random.
    assert engine.entity_of(early.entity) not in {lang.entity, ruiz.entity}
    # One film fits: the bare title is that film, though it came before the film's own records.
    assert engine.entity_of(lone.entity) == crow.entity


def test_a_misspelt_creator_name_does_not_make_another_work() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Horse Mountain Mirror", "album", "1980", by=("Julia Wright",), role="performer"))
    b = engine.resolve_work(work("Horse Mountain Mirror", "album", "1980", by=("Julia Wrigth",), role="performer"))
    c = engine.resolve_work(work("Horse Mountain Mirror", "album", "1980", by=("J. Wright",), role="performer"))
    assert a.entity == b.entity == c.entity


def test_typos_anywhere_in_a_long_title_still_find_the_work() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Glass in the Hunter", year="1990"))
    # A word misspelt inside the title ("i" is no roman numeral here) or at its end.
    assert engine.resolve_work(work("Glass i the Hunter", year="1990")).entity == a.entity
    assert engine.resolve_work(work("Glass in thhe Hunter", year="1990")).entity == a.entity
    assert engine.resolve_work(work("Shell and Son", "album", "1932")).entity != a.entity
    assert engine.resolve_work(work("Shlll & Son", "album", "1932")).outcome == "matched"


def test_part_two_and_a_sequel_of_a_sequel_are_other_works() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Lisbon Hidden", "album", "1994", by=("Ana Ruiz",), role="performer"))
    b = engine.resolve_work(work("Lisbon Hidden: Part Two", "album", "1995", by=("Ana Ruiz",), role="performer"))
    c = engine.resolve_work(work("Lisbon Hidden 2", "album", "1995", by=("Ana Ruiz",), role="performer"))
    d = engine.resolve_work(work("Lisbon Hidden 2 2", "album", "1997", by=("Ana Ruiz",), role="performer"))
    assert len({a.entity, b.entity, d.entity}) == 3 and c.entity == b.entity


def test_years_of_one_work_do_not_drift_into_another() -> None:
    engine = Engine()
    a = engine.resolve_work(work("The Mirror", "album", "1930", by=("Rumiko Miura",), role="performer"))
    assert engine.resolve_work(work("The Mirror", "album", "1932", by=("Rumiko Miura",), role="performer")).entity == a.entity
    # 1935 is near the last year given but not the first: another album by her.
    assert engine.resolve_work(work("The Mirror", "album", "1935", by=("Rumiko Miura",), role="performer")).entity != a.entity


def test_an_edition_without_label_or_year_joins_its_work_s_only_edition() -> None:
    engine = Engine()
    w = engine.resolve_work(work("Metropolis", "album", "2000", by=("Jeff Mills",), role="performer")).entity
    first = engine.resolve_release(release("Metropolis", "TRESOR 157", "2000"), work=w)
    bare = Release(key="_:r:bare", title="Metropolis", formats=(Format(name="CD", descriptions=("Album",)),))
    assert engine.resolve_release(bare, work=w).entity == first.entity
    # Without its work to vouch for it, title alone is not enough.
    assert engine.resolve_release(bare).outcome == "new"


def test_a_title_in_another_language_joins_its_work_through_creator_kind_and_year() -> None:
    engine = Engine()
    a = engine.resolve_work(work("Kōkaku Kidōtai", year="1995", by=("Mamoru Oshii",)))
    # The English title, named alone: the same director, kind and year vouch for it.
    assert engine.resolve_work(work("Ghost in the Shell", year="1995", by=("Oshii Mamoru",))).entity == a.entity
    # A second English title by him that year is another film, and so is one from another year.
    assert engine.resolve_work(work("Patlabor", year="1995", by=("Mamoru Oshii",))).entity != a.entity
    assert engine.resolve_work(work("Avalon", year="2001", by=("Mamoru Oshii",))).entity != a.entity
    # An initial is too weak to vouch for a title that shares nothing.
    assert engine.resolve_work(work("Tenshi no Tamago", year="1995", by=("M. Oshii",))).outcome == "new"


def test_a_work_of_unspecified_kind_by_another_maker_stays_apart() -> None:
    engine = Engine()
    a = engine.resolve_work(work("The Thunder Final", "other", "2003", by=("José Dvořák",), role="performer"))
    b = engine.resolve_work(work("The Tuunder Final", "film", by=("Federico Castillo",)))
    assert a.entity != b.entity
    verdict = match.score_work_facts(match.WorkFacts.of(work("The Thunder Final", "film", by=("Federico Castillo",))), engine.works[0])
    assert verdict.veto is not None and verdict.veto.startswith("different creators")


def test_a_title_two_words_off_needs_a_creator() -> None:
    engine = Engine()
    a = engine.resolve_work(work("A Blossom for the Son", year="1975", by=("Joseph Forman",)))
    # Without creator or year, a title two edits away is another title; one edit is a typo.
    assert engine.resolve_work(work("A Blossom for the Snow")).entity != a.entity
    assert engine.resolve_work(work("A Blossom for the Sonn")).entity == a.entity


def test_a_dated_title_with_two_typos_and_no_creator_finds_its_work_at_finish() -> None:
    engine = Engine()
    right = engine.resolve_work(work("A Secret for the Dream", "album", "1937", by=("Jeff Mills",), role="performer"))
    # A typo in each of two words: no blocking key of the right spelling survives.
    typoed = work("A Seccret for the Draem", "album", "1937")
    assert not blocking_keys(typoed) & blocking_keys(work("A Secret for the Dream", "album", "1937"))
    held = engine.resolve_work(typoed, defer=True)
    other_year = engine.resolve_work(work("A Seccret for the Draem", "album", "1950"), defer=True)
    engine.finish()
    assert engine.entity_of(held.entity) == right.entity
    assert engine.entity_of(other_year.entity) != right.entity


def test_a_misspelt_part_number_is_still_that_part() -> None:
    engine = Engine()
    first = engine.resolve_work(work("The Kingdom Fire", year="1990", by=("Fritz Lang",)))
    second = engine.resolve_work(work("Kingdom Fire: Part Two", year="1992", by=("Fritz Lang",)))
    assert second.entity != first.entity
    for title in ("The Kingdom Fire: Parrt Two", "Kingdom Fire - Part Tow"):
        assert engine.resolve_work(work(title, year="1992", by=("Fritz Lang",))).entity == second.entity


def test_a_year_one_off_and_no_creator_still_joins_its_only_work() -> None:
    engine = Engine()
    right = engine.resolve_work(work("Jūnin Ninjō", year="1950", by=("Kōji Ozu",)))
    held = engine.resolve_work(work("Jsnin-Ninjō", year="1949"), defer=True)  # a typo, too
    far = engine.resolve_work(work("Junin-Ninjo", year="1947"), defer=True)
    engine.finish()
    assert engine.entity_of(held.entity) == right.entity
    assert engine.entity_of(far.entity) != right.entity


def test_a_work_that_fits_one_other_work_after_every_record_is_placed_joins_it() -> None:
    engine = Engine()
    # A mention under the manga's English title comes first, with nothing to join.
    english = engine.resolve_work(work("Atomic Sun", "comic", "1980", by=("Kōji Tamura",), role="author"))
    main = [engine.resolve_work(work("A Fish for the Snake", "comic", "1980", by=("Koji Tamura",), role="author")) for _ in range(3)]
    assert len({d.entity for d in main}) == 1 and main[0].entity != english.entity
    # The one page giving both titles names no creator: held back, it goes to the larger work.
    both = engine.resolve_work(work("A Fish for the Snake", "comic", "1980", alt=("Atomic Sun",)), defer=True)
    engine.finish()
    assert engine.entity_of(both.entity) == main[0].entity
    # The English mention now fits the manga, which holds its title, and nothing else.
    assert engine.entity_of(english.entity) == main[0].entity


def test_a_work_that_fits_two_works_at_the_end_stays_apart() -> None:
    engine = Engine()
    lone = engine.resolve_work(work("The Mirror", "album", "1943"))
    a = engine.resolve_work(work("The Mirror", "album", "1943", by=("Zoë Walker",), role="performer"))
    b = engine.resolve_work(work("The Mirror", "album", "1943", by=("Peter Dreyer",), role="performer"))
    engine.finish()
    # The dated title joined the first work that named a creator as it came; the second
    # creator's album stays its own.
    assert engine.entity_of(a.entity) != engine.entity_of(b.entity)
    assert engine.entity_of(lone.entity) in {engine.entity_of(a.entity), engine.entity_of(b.entity)}


def test_a_release_known_by_its_barcode_joins_the_works_two_titles_kept_apart() -> None:
    engine = Engine()
    road = engine.resolve_work(work("The Road Berlin", "album", "1961", by=("Shōhei Murakami",), role="performer"))
    # The CD's title is neither work title, so only its barcode can tell.
    engine.resolve_release(release("Berlin Sessions", "TRE-1001", "1961", barcode="036000291452"), work=road.entity)
    # The album under its other title: nothing about the title says it is the same album.
    other = engine.resolve_work(work("The Devil Winter", "album", "1961", by=("Shoohei Murakami",), role="performer"))
    assert other.entity != road.entity
    engine.resolve_release(release("Berlin Sessions", None, "1961", barcode="036000291452"), work=other.entity)
    assert engine.entity_of(other.entity) == engine.entity_of(road.entity)
    # Another performer's album given the same barcode (a wrong page) stays its own work.
    stranger = engine.resolve_work(work("The Devil Winter", "album", "1961", by=("Hayao Yoshida",), role="performer"))
    engine.resolve_release(release("Berlin Sessions", None, "1961", barcode="036000291452"), work=stranger.entity)
    assert engine.entity_of(stranger.entity) != engine.entity_of(road.entity)


def test_a_held_back_title_goes_to_the_work_its_release_belongs_to() -> None:
    engine = Engine()
    walker = engine.resolve_work(work("The Mirror", "album", "1943", by=("Zoë Walker",), role="performer"))
    engine.resolve_release(release("The Mirror", "TRE-1", "1943"), work=walker.entity)
    dreyer = [engine.resolve_work(work("The Mirror", "album", "1975", by=("Peter Dreyer",), role="performer")) for _ in range(2)]
    engine.resolve_release(release("The Mirror", "TRE-2", "1975"), work=dreyer[0].entity)
    # A bare title fits both albums about as well; its catalog number says which it is.
    bare = engine.resolve_work(work("The Mirror", "album"), defer=True)
    engine.resolve_release(release("The Mirror", "TRE-1", None), work=bare.entity)
    engine.finish()
    assert engine.entity_of(bare.entity) == walker.entity


def test_an_edition_titled_as_another_work_joins_the_work_to_it() -> None:
    engine = Engine()
    film = engine.resolve_work(work("Your Name", "film", "2016", by=("Makoto Shinkai",)))
    page = engine.resolve_work(work("The Comet Story", "film", "2016", by=("Makoto Shinkai",)))
    assert page.entity != film.entity  # two English titles: nothing says they are one film
    # The page gives the film's Blu-ray, titled as the film is.
    engine.resolve_release(release("Your Name", None, "2017"), work=page.entity)
    assert engine.entity_of(page.entity) == engine.entity_of(film.entity)
    # Another director's film given an edition of that title stays apart.
    other = engine.resolve_work(work("Comet Night", "film", "2016", by=("Mamoru Hosoda",)))
    engine.resolve_release(release("Your Name", None, "2017"), work=other.entity)
    assert engine.entity_of(other.entity) != engine.entity_of(film.entity)
