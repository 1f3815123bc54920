"""A Gradio chat window over the same pipeline, for demos to the support team."""
from __future__ import annotations

import gradio as gr

from . import llm, retrieval
from .config import settings


def respond(message: str, history: list) -> str:
    passages = retrieval.search(message, k=settings.top_k)
    intent = retrieval.classify_intent(message)
    return llm.answer(message, passages, intent=intent)


demo = gr.ChatInterface(
    respond,
    title="Acme Support Assistant",
    description="Ask about billing, refunds, accounts or connectivity.",
)

if __name__ == "__main__":
    # share=True gives a public *.gradio.live link so the team can try it from home.
    demo.launch(share=True, server_name="0.0.0.0")
