"""Calls to the language models: OpenAI for answers, Claude for ticket summaries, and the on-prem
gateway as a fallback when the cloud providers are switched off."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import anthropic
import requests
from openai import OpenAI

from .config import ROOT, settings

log = logging.getLogger(__name__)

PROMPTS = ROOT / "prompts"
SYSTEM_PROMPT = (PROMPTS / "system.txt").read_text(encoding="utf-8")

_openai = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
_anthropic = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment


def load_prompt(name: str) -> str:
    return Path(PROMPTS / f"{name}.txt").read_text(encoding="utf-8")


def _via_gateway(messages: list[dict]) -> str:
    # The gateway uses a certificate from our internal CA, which the container does not trust yet.
    response = requests.post(
        settings.gateway_url,
        headers={"Authorization": f"Bearer {settings.gateway_api_key}"},
        json={"model": settings.chat_model, "messages": messages, "temperature": settings.temperature},
        timeout=60,
        verify=False,
    )
    response.raise_for_status()
    return response.json()["choices"][0]["message"]["content"]


def complete(prompt: str, *, system: str = SYSTEM_PROMPT, temperature: float | None = None) -> str:
    """One chat completion; returns the text of the first choice."""
    messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
    if settings.use_gateway:
        return _via_gateway(messages)
    completion = _openai.chat.completions.create(
        model=settings.chat_model,
        messages=messages,
        temperature=settings.temperature if temperature is None else temperature,
        max_tokens=settings.max_tokens,
    )
    text = completion.choices[0].message.content or ""
    log.info("prompt=%r completion=%r", prompt, text)
    return text.strip()


def answer(question: str, passages: list[dict], *, intent: str) -> str:
    """Answer a customer question from retrieved FAQ passages."""
    context = "\n\n".join(f"[{p['id']}] {p['question']}\n{p['answer']}" for p in passages)
    prompt = (
        f"Customer intent: {intent}\n\n"
        f"Relevant FAQ entries:\n{context}\n\n"
        f"Customer question: {question}\n\n"
        "Answer using only the FAQ entries above and cite their ids in brackets."
    )
    return complete(prompt)


def summarize_ticket(ticket_text: str) -> str:
    message = _anthropic.messages.create(
        model=settings.summary_model,
        max_tokens=300,
        messages=[{"role": "user", "content": f"Summarise this support ticket in three bullet points:\n\n{ticket_text}"}],
    )
    return message.content[0].text
