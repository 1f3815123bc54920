"""HTTP API for the support assistant (FastAPI). Run with `python -m app.server`."""
from __future__ import annotations

import logging

import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import __version__, db, llm, retrieval, tools
from .config import settings

logging.basicConfig(level=logging.INFO)
app = FastAPI(title="Acme Support Assistant", version=__version__)


class ChatRequest(BaseModel):
    customer_id: str
    message: str


class RefundRequest(BaseModel):
    ticket_id: int
    reason: str


class TaskRequest(BaseModel):
    task: str


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "version": __version__}


@app.post("/chat")
def chat(request: ChatRequest) -> dict:
    passages = retrieval.search(request.message, k=settings.top_k)
    intent = retrieval.classify_intent(request.message)
    answer = llm.answer(request.message, passages, intent=intent)
    db.log_message(request.customer_id, request.message, answer)
    return {"answer": answer, "intent": intent, "sources": [p["id"] for p in passages]}


@app.post("/refunds")
def refund(request: RefundRequest) -> dict:
    ticket = db.get_ticket(request.ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404, detail="ticket not found")
    amount = tools.compute_refund(ticket, request.reason)
    return {"ticket_id": request.ticket_id, "refunded": amount}


@app.get("/tickets/search")
def search_tickets(q: str) -> list[dict]:
    return db.search_tickets(q)


@app.get("/tickets/{ticket_id}/summary")
def ticket_summary(ticket_id: int) -> dict:
    ticket = db.get_ticket(ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404, detail="ticket not found")
    return {"summary": llm.summarize_ticket(f"{ticket['subject']}\n\n{ticket['body']}")}


@app.post("/diagnostics")
def diagnostics(request: TaskRequest) -> dict:
    return {"output": tools.run_diagnostics(request.task)}


@app.post("/agent")
def agent(request: TaskRequest) -> dict:
    return {"result": tools.run_agent(request.task)}


if __name__ == "__main__":
    # Listen on every interface so the container's port mapping works. There is no authentication in
    # front of these endpoints yet: the plan is to put the API behind the company VPN.
    uvicorn.run(app, host="0.0.0.0", port=8000)
