"""Property tests of the REST API from its own OpenAPI description (schemathesis): no server errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install schemathesis)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from mediagraph.store import Catalog, tokens  # noqa: E402
from test_web_support import build_catalog  # noqa: E402

# Bounded so the whole run stays well under a minute; derandomized so a failure reproduces.
EXAMPLES = 8


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Any, str]:
    from mediagraph.web import create_app

    url = build_catalog(tmp_path_factory.mktemp("schema") / "catalog.sqlite", seeds_dir)
    with Catalog(url) as catalog, catalog.transaction() as tx:
        _, secret = tokens.create(tx, name="schemathesis")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(url)), secret


def test_api_never_answers_with_a_server_error(api_schema: tuple[Any, str]) -> None:
    # (The schemathesis pytest plugin does not load under this pytest, so operations are driven here.)
    schema, secret = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    seen: dict[str, set[int]] = {}
    for operation in operations:
        seen[operation.label] = set()

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            # Writes carry a valid token so generated bodies reach the handlers, not only the auth check.
            response = case.call(headers={"Authorization": f"Bearer {secret}"})
            case.validate_response(response, checks=[not_a_server_error])
            seen[case.operation.label].add(response.status_code)
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body

        check()
    assert all(statuses for statuses in seen.values()), "every operation was called"
