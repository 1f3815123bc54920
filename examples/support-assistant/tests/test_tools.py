"""Unit tests for app.tools with the model calls stubbed out. Run with `pytest`."""
from __future__ import annotations

import pytest

from app import tools


@pytest.fixture
def ticket() -> dict:
    return {"id": 1, "subject": "No internet since Monday", "body": "Down for 4 days.", "amount": 30.0}


def test_refund_is_pro_rata(monkeypatch, ticket):
    monkeypatch.setattr(tools.llm, "complete", lambda prompt, **_: "round(30.0 * 4 / 30, 2)")
    monkeypatch.setattr(tools.db, "set_refund", lambda ticket_id, amount: None)
    assert tools.compute_refund(ticket, "outage") == 4.0


def test_tags_are_capped_at_three(monkeypatch, ticket):
    monkeypatch.setattr(tools.llm, "complete", lambda prompt, **_: "['a', 'b', 'c', 'd']")
    assert tools.suggest_tags(ticket) == ["a", "b", "c"]


def test_ping_rejects_host_names():
    with pytest.raises(ValueError):
        tools.ping("example.org; rm -rf ~")
