"""API writes over httpx in-process: tokens, posting pages, size limits and curation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from anyio.from_thread import BlockingPortal
from click.testing import CliRunner

from mediagraph.cli.app import cli
from mediagraph.store import Catalog, tokens
from test_web_support import Client, build_catalog

pytest_plugins = ("test_web_support",)  # the portal fixture

PAGE = b"""Film: Silent Test Picture

Director: Ada Example

Year: 1931

Verdict: 4/5

A quiet film about a loud city. The photography is superb and the score is memorable.
"""


@pytest.fixture
def catalog_url(tmp_path: Path, seeds_dir: Path) -> str:
    return build_catalog(tmp_path / "catalog.sqlite", seeds_dir)


@pytest.fixture
def token(catalog_url: str) -> str:
    with Catalog(catalog_url) as catalog, catalog.transaction() as tx:
        _, secret = tokens.create(tx, name="tests")
    return secret


@pytest.fixture
def api(catalog_url: str, portal: BlockingPortal) -> Iterator[Client]:
    from mediagraph.web import create_app

    c = Client(create_app(catalog_url), portal)
    yield c
    c.close()


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def search_ids(api: Client, q: str) -> list[str]:
    return [h["id"] for h in api.get("/api/v1/search", params={"q": q, "limit": 50}).json()["results"]]


# --- tokens ---------------------------------------------------------------------------------


def test_token_commands_store_only_a_hash(catalog_url: str) -> None:
    runner = CliRunner()
    db = ["--db", catalog_url]
    made = runner.invoke(cli, [*db, "--json", "token", "create", "--name", "robot"])
    assert made.exit_code == 0, made.output
    import json

    secret = json.loads(made.stdout)["token"]
    assert secret.startswith("mg_")
    con = sqlite3.connect(catalog_url.removeprefix("sqlite:///"))
    stored = con.execute("select name, hash from tokens").fetchall()
    con.close()
    assert stored == [("robot", tokens.hash_token(secret))] and secret not in str(stored)
    listed = runner.invoke(cli, [*db, "token", "list"])
    assert "robot" in listed.output and "active" in listed.output and secret not in listed.output
    assert runner.invoke(cli, [*db, "token", "revoke", "1"]).exit_code == 0
    assert "revoked" in runner.invoke(cli, [*db, "token", "list"]).output
    with Catalog(catalog_url) as catalog, catalog.transaction(write=False) as tx:
        assert tokens.verify(tx, secret) is None


def test_serve_command_is_registered() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output


# --- auth -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer mg_not-a-real-token"}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}],
)
def test_writes_without_a_valid_token_are_refused(api: Client, headers: dict[str, str]) -> None:
    r = api.post("/api/v1/pages", content=PAGE, headers={"content-type": "text/plain", **headers})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    r = api.post("/api/v1/curation/undo", json={}, headers=headers)
    assert r.status_code == 401


def test_a_revoked_token_no_longer_writes(api: Client, catalog_url: str, token: str) -> None:
    with Catalog(catalog_url) as catalog, catalog.transaction() as tx:
        row = tokens.verify(tx, token)
        assert row is not None
        tokens.revoke(tx, row.id)
    assert api.post("/api/v1/pages", content=PAGE, headers={"content-type": "text/plain", **auth(token)}).status_code == 401


def test_a_cross_site_form_post_cannot_write(api: Client) -> None:
    # What a forged HTML form can send: a urlencoded body, cookies, but no Authorization header.
    r = api.post(
        "/api/v1/curation/set",
        data={"entity": "w1", "field": "title", "value": "pwned"},
        headers={"origin": "https://evil.example", "cookie": "session=whatever"},
    )
    assert r.status_code == 401


# --- posting pages ---------------------------------------------------------------------------


def test_post_a_text_page_ingests_it_once(api: Client, token: str) -> None:
    r = api.post("/api/v1/pages", content=PAGE, headers={"content-type": "text/plain", **auth(token)},
                 params={"uri": "https://films.example/silent"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["source"] == "https://films.example/silent" and body["created"]
    again = api.post("/api/v1/pages", content=PAGE, headers={"content-type": "text/plain", **auth(token)},
                     params={"uri": "https://films.example/silent"})
    assert again.status_code == 200 and again.json()["unchanged"] is True
    assert search_ids(api, "silent test picture")
    source = api.get(f"/api/v1/sources/{body['source_id']}").json()
    assert "A quiet film about a loud city" in source["text"]


def test_post_an_html_page_as_a_multipart_upload(api: Client, token: str) -> None:
    html = b"<html><head><title>Upload Test Film</title></head><body><h1>Upload Test Film</h1><p>Director: Bo Example</p><p>Year: 1962</p></body></html>"
    r = api.post("/api/v1/pages", files={"file": ("page.html", html, "text/html")}, headers=auth(token))
    assert r.status_code == 201, r.text
    assert r.json()["source"].startswith("upload:sha256:")


@pytest.mark.parametrize(
    "content,content_type,params,status,code",
    [
        (b"   \n", "text/plain", {}, 422, "unprocessable_input"),
        (b"%PDF-1.4", "application/pdf", {}, 400, "bad_request"),
        (PAGE, "text/plain", {"uri": "file:///etc/passwd"}, 400, "bad_request"),
    ],
)
def test_post_page_refusals(api: Client, token: str, content: bytes, content_type: str, params: dict[str, str], status: int, code: str) -> None:
    r = api.post("/api/v1/pages", content=content, params=params, headers={"content-type": content_type, **auth(token)})
    assert r.status_code == status and r.json()["error"]["code"] == code


def test_multipart_without_a_file_field(api: Client, token: str) -> None:
    r = api.post("/api/v1/pages", data={"text": "hello"}, files={"other": ("x.txt", b"x", "text/plain")}, headers=auth(token))
    assert r.status_code == 400 and "file" in r.json()["error"]["message"]


def test_uploads_over_5_mb_are_refused_with_413(api: Client, token: str) -> None:
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = api.post("/api/v1/pages", content=big, headers={"content-type": "text/plain", **auth(token)})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_a_streamed_body_is_cut_off_at_the_limit(catalog_url: str, token: str, portal: BlockingPortal) -> None:
    from mediagraph.web import create_app

    small = Client(create_app(catalog_url, max_upload=1000), portal)

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"y" * 400  # no Content-Length: only counting the stream can catch it

    try:
        r = small.post("/api/v1/pages", content=chunks(), headers={"content-type": "text/plain", **auth(token)})
    finally:
        small.close()
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


# --- curation -------------------------------------------------------------------------------


def _ids(api: Client) -> dict[str, str]:
    films = api.get("/api/v1/search", params={"q": "metropolis kind:film", "limit": 50}).json()["results"]
    albums = api.get("/api/v1/search", params={"q": "metropolis kind:album", "limit": 50}).json()["results"]
    return {
        "lang": next(f["id"] for f in films if f["year"] == 1927),
        "rintaro": next(f["id"] for f in films if f["year"] == 2001),
        "mills": next(a["id"] for a in albums if "Jeff Mills" in a["creators"]),
    }


def test_set_title_then_undo(api: Client, token: str) -> None:
    ids = _ids(api)
    r = api.post("/api/v1/curation/set", json={"entity": ids["lang"], "field": "title", "value": "Metropolis (restored)"}, headers=auth(token))
    assert r.status_code == 200 and r.json()["author"] == "token:tests"
    page = api.page(f"/works/{ids['lang']}").text
    assert "Metropolis (restored)" in page
    undone = api.post("/api/v1/curation/undo", json={"edit": r.json()["edit"]}, headers=auth(token))
    assert undone.status_code == 200
    assert "Metropolis (restored)" not in api.page(f"/works/{ids['lang']}").text
    again = api.post("/api/v1/curation/undo", json={"edit": r.json()["edit"]}, headers=auth(token))
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_merge_redirects_the_old_id_and_undo_restores_it(api: Client, token: str) -> None:
    ids = _ids(api)
    other = search_ids(api, "steamboy")[0]
    akira = search_ids(api, "akira kind:film")[0]
    r = api.post("/api/v1/curation/merge", json={"keep": akira, "other": other}, headers=auth(token))
    assert r.status_code == 200, r.text
    moved = api.page(f"/works/{other}")
    assert moved.status_code == 308 and moved.headers["location"] == f"/works/{akira}"
    moved_api = api.get(f"/api/v1/works/{other}")
    assert moved_api.status_code == 308 and moved_api.headers["location"] == f"/api/v1/works/{akira}"
    assert api.post("/api/v1/curation/undo", json={}, headers=auth(token)).status_code == 200
    assert api.page(f"/works/{other}").status_code == 200
    conflict = api.post("/api/v1/curation/merge", json={"keep": ids["lang"], "other": ids["mills"]}, headers=auth(token))
    assert conflict.status_code == 409 and "cannot merge a film" in conflict.json()["error"]["message"]


def test_link_and_unlink(api: Client, token: str) -> None:
    ids = _ids(api)
    r = api.post("/api/v1/curation/link", json={"subject": ids["rintaro"], "predicate": "inspired_by", "object": ids["lang"]}, headers=auth(token))
    assert r.status_code == 200
    lineage = api.get(f"/api/v1/works/{ids['rintaro']}/lineage").json()
    assert any(e["from"] == ids["lang"] and e["to"] == ids["rintaro"] and e["predicate"] == "inspired_by" for e in lineage["edges"])
    r = api.post("/api/v1/curation/unlink", json={"subject": ids["rintaro"], "predicate": "inspired_by", "object": ids["lang"]}, headers=auth(token))
    assert r.status_code == 200
    lineage = api.get(f"/api/v1/works/{ids['rintaro']}/lineage").json()
    assert not any(e["to"] == ids["rintaro"] and e["predicate"] == "inspired_by" for e in lineage["edges"])
    cycle = api.post("/api/v1/curation/link", json={"subject": ids["lang"], "predicate": "based_on", "object": ids["rintaro"]}, headers=auth(token))
    assert cycle.status_code == 409 and "cycle" in cycle.json()["error"]["message"]
    bad = api.post("/api/v1/curation/link", json={"subject": ids["lang"], "predicate": "loves", "object": ids["rintaro"]}, headers=auth(token))
    assert bad.status_code == 400


def test_split_moves_one_sources_statements_off(api: Client, token: str) -> None:
    work = api.get("/api/v1/search", params={"q": "metropolis original soundtrack kind:album"}).json()["results"][0]["id"]
    entity = api.get(f"/api/v1/works/{work}").json()
    assert len(entity["sources"]) >= 2
    r = api.post("/api/v1/curation/split", json={"entity": work, "source": entity["sources"][-1]}, headers=auth(token))
    assert r.status_code == 200, r.text
    assert r.json()["new"].startswith("w") and api.get(f"/api/v1/works/{r.json()['new']}").status_code == 200


@pytest.mark.parametrize(
    "action,payload,status",
    [
        ("merge", {"keep": "w999999", "other": "w1"}, 404),
        ("merge", {"keep": "w1"}, 422),
        ("merge", {"keep": "w1; drop table", "other": "w2"}, 422),
        ("set", {"entity": "w1", "field": "colour", "value": "red"}, 400),
        ("undo", {"edit": 999999}, 404),
        ("undo", {"edit": "latest"}, 422),
    ],
)
def test_curation_errors_have_one_body(api: Client, token: str, action: str, payload: dict[str, object], status: int) -> None:
    r = api.post(f"/api/v1/curation/{action}", json=payload, headers=auth(token))
    assert r.status_code == status
    assert set(r.json()) == {"error"}


def test_malformed_json_body(api: Client, token: str) -> None:
    r = api.post("/api/v1/curation/merge", content=b"{not json", headers={"content-type": "application/json", **auth(token)})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"

