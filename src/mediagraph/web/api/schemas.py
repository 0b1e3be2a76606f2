"""API schemas: what the REST API accepts and answers, kept at the web edge (pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EntityId = Field(pattern=r"^[wravc]?\d{1,12}$", max_length=13, examples=["w3"])


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str


class ErrorBody(BaseModel):
    """The one error body of every 4xx and 5xx answer."""

    error: ErrorDetail


class SearchHit(BaseModel):
    id: str
    type: str
    kind: str | None
    title: str
    year: int | None
    creators: list[str]
    match: str
    href: str


class SearchPage(BaseModel):
    query: str
    limit: int
    offset: int
    results: list[SearchHit]
    next: str | None = Field(description="The next page's URL, or null on the last page.")


class Alternative(BaseModel):
    value: Any
    chosen: bool
    sources: list[str]


class IdentifierOut(BaseModel):
    scheme: str
    value: str
    qualifier: str | None
    valid: bool | None
    source: str


class RelationOut(BaseModel):
    direction: Literal["in", "out"]
    predicate: str
    id: str
    label: str
    kind: str | None
    year: int | None
    subject_track: str | None
    object_track: str | None
    source: str


class Entity(BaseModel):
    """An entity: chosen values (``record``), what sources disagree on, identifiers, relations."""

    id: str
    type: str
    kind: str | None
    label: str
    year: int | None
    iri: str
    record: dict[str, Any]
    alternatives: dict[str, list[Alternative]]
    identifiers: list[IdentifierOut]
    relations: list[RelationOut]
    sources: list[str]
    created_at: str | None
    jsonld: str = Field(description="URL of the entity as schema.org JSON-LD.")


class ReviewOut(Entity):
    score: float | None = Field(description="0–100: given, or estimated when `estimated` is true.")
    estimated: bool


class HistogramBin(BaseModel):
    low: int
    high: int
    given: int
    estimated: int


class SourceSummary(BaseModel):
    source: str
    count: int
    estimated: int
    mean: float | None


class EstimateSummary(BaseModel):
    """The estimates alone: a guess from the texts with its band, never a score."""

    count: int
    mean: float
    low: float = Field(description="Mean of the estimates' 80% bands, low end.")
    high: float


class ReviewSummary(BaseModel):
    """What the reviews add up to (mediagraph.reviews.summarise): scores on 0–100."""

    count: int = Field(description="Reviews with a usable score, given or estimated.")
    given: int
    estimated: int
    unscored: int
    mean: float | None = Field(description="Every score in one figure, weighted: an estimate weighs `estimate_weight`, a given score 1. Not a headline: see `given_mean`.")
    median: float | None
    share_estimated: float
    band: str | None
    bins: list[HistogramBin]
    sources: list[SourceSummary]
    estimate_weight: float
    given_mean: float | None = Field(description="Mean of the scores reviewers gave: the only headline score; null when none gave one.")
    given_median: float | None
    estimate: EstimateSummary | None = Field(description="The estimates apart, with their band; null when there are none.")


class ReviewItem(BaseModel):
    id: str
    author: str | None
    site: str | None
    date: str | None
    rating: str | None
    score: float | None = Field(description="0–100: given, or estimated when `estimated` is true (then never a score the reviewer gave).")
    estimated: bool
    band: list[float] | None = Field(default=None, description="An estimate's 80% band [low, high]; null for a given score.")
    text: str
    href: str


class ReviewPage(BaseModel):
    work: str
    limit: int
    offset: int
    summary: ReviewSummary
    results: list[ReviewItem]
    next: str | None


class LineageNode(BaseModel):
    id: str
    title: str
    kind: str | None
    year: int | None
    creators: list[str]
    type: str


class LineageEdge(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    predicate: str
    label: str
    tracks: str | None


class LineageOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: str
    roots: list[str]
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    warnings: list[str]


class Fact(BaseModel):
    n: int
    path: str
    value: str
    start: int
    end: int
    snippet: str


class SourceOut(BaseModel):
    id: str
    uri: str
    kind: str
    site: str | None
    title: str | None
    media_type: str | None
    retrieved_at: str | None = None  # ISO 8601 UTC, for a page fetched from its URL
    ingested_at: datetime
    text: str | None
    facts: list[Fact]
    entities: list[str]


class IngestOut(BaseModel):
    source: str
    source_id: str | None
    unchanged: bool
    created: dict[str, int]
    matched: dict[str, int]
    entities: list[str]
    warnings: list[str]


class MergeIn(BaseModel):
    keep: str = EntityId
    other: str = EntityId


class SplitIn(BaseModel):
    entity: str = EntityId
    source: str = Field(max_length=2000, description="The source to split off: s3 or its URI.")


class LinkIn(BaseModel):
    subject: str = EntityId
    predicate: str = Field(max_length=32, examples=["based_on"])
    object: str = EntityId


class SetIn(BaseModel):
    entity: str = EntityId
    field: str = Field(max_length=64, examples=["title"])
    value: str = Field(max_length=10000)


class UndoIn(BaseModel):
    edit: int | None = Field(default=None, ge=1, le=2**62, description="The edit to undo; the latest when absent.")


class EditOut(BaseModel):
    edit: int
    action: str
    author: str
    new: str | None = Field(default=None, description="The new entity a split made.")


__all__ = [
    "Entity",
    "ErrorBody",
    "IngestOut",
    "LineageOut",
    "LinkIn",
    "MergeIn",
    "ReviewOut",
    "ReviewPage",
    "SearchPage",
    "SetIn",
    "SourceOut",
    "SplitIn",
    "UndoIn",
]
