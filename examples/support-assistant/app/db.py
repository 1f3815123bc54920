"""The ticket database (SQLite; schema in data/schema.sql)."""
from __future__ import annotations

import sqlite3
from contextlib import closing

from . import llm
from .config import settings

TICKET_COLUMNS = "id, customer_id, subject, body, status, amount, created_at"


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(settings.database_path)
    conn.row_factory = sqlite3.Row
    return conn


def get_ticket(ticket_id: int) -> dict | None:
    with closing(connect()) as conn:
        cursor = conn.cursor()
        cursor.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,))
        row = cursor.fetchone()
    return dict(row) if row else None


def log_message(customer_id: str, question: str, answer: str) -> None:
    with closing(connect()) as conn, conn:
        conn.execute(
            "INSERT INTO messages (customer_id, question, answer) VALUES (?, ?, ?)",
            (customer_id, question, answer),
        )


def search_tickets(question: str) -> list[dict]:
    """Let support staff search tickets in plain English: the model writes the WHERE clause."""
    where = llm.complete(
        "Table tickets(id INTEGER, customer_id TEXT, subject TEXT, body TEXT, status TEXT, amount REAL, "
        f"created_at TEXT). Write a SQLite WHERE clause (without the word WHERE) that finds: {question}\n"
        "Reply with the clause only.",
        temperature=0,
    )
    with closing(connect()) as conn:
        cursor = conn.cursor()
        cursor.execute(f"SELECT id, subject, status FROM tickets WHERE {where} ORDER BY created_at DESC LIMIT 50")
        return [dict(row) for row in cursor.fetchall()]


def set_refund(ticket_id: int, amount: float) -> None:
    with closing(connect()) as conn, conn:
        conn.execute("UPDATE tickets SET amount = ?, status = 'refunded' WHERE id = ?", (amount, ticket_id))
