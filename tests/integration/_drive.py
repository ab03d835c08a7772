"""Drive helpers of the integration tests."""

from __future__ import annotations


def by_tag(files: list[dict]) -> dict[tuple[str, str], dict]:
    """Files by their (casKind, casId) tags; a pair found twice fails the test."""
    found = {}
    for f in files:
        key = (f["appProperties"]["casKind"], f["appProperties"]["casId"])
        assert key not in found, f"{key} made twice"
        found[key] = f
    return found
