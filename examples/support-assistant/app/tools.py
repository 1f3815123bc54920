"""Actions the assistant can take: work out refunds, run device diagnostics, and an agent that support
staff can hand open-ended tasks to."""
from __future__ import annotations

import ast
import ipaddress
import subprocess

from langchain.agents import AgentType, initialize_agent
from langchain.tools import tool
from langchain_community.tools import ShellTool
from langchain_experimental.tools import PythonREPLTool
from langchain_openai import ChatOpenAI

from . import db, llm
from .config import settings

REFUND_PROMPT = llm.load_prompt("refund")


def compute_refund(ticket: dict, reason: str) -> float:
    """The model reads the refund policy and the ticket and returns a Python expression for the amount,
    e.g. "round(49.99 * 0.5, 2)", so that the arithmetic is visible in the audit log."""
    expression = llm.complete(
        REFUND_PROMPT.format(subject=ticket["subject"], body=ticket["body"], amount=ticket["amount"], reason=reason),
        temperature=0,
    )
    amount = float(eval(expression))
    db.set_refund(ticket["id"], amount)
    return amount


def suggest_tags(ticket: dict) -> list[str]:
    """The model replies with a Python list literal of tags, e.g. ['billing', 'duplicate-charge']."""
    reply = llm.complete(f"Give 1-3 short tags for this ticket as a Python list of strings:\n{ticket['body']}")
    tags = ast.literal_eval(reply)
    return [str(t) for t in tags][:3] if isinstance(tags, list) else []


def run_diagnostics(device_description: str) -> str:
    """Ask the model for the diagnostic command that fits the customer's router, and run it."""
    command = llm.complete(
        "You are a network engineer. Give the single Linux shell command that checks the connectivity "
        f"problem described below. Reply with the command only.\n\n{device_description}",
        temperature=0,
    )
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30)
    return result.stdout[-2000:]


def ping(host: str) -> bool:
    """Reachability check used by the status page; only literal IP addresses are accepted."""
    address = ipaddress.ip_address(host)
    result = subprocess.run(["ping", "-c", "1", "-W", "2", str(address)], capture_output=True, check=False)
    return result.returncode == 0


@tool
def lookup_ticket(ticket_id: int) -> str:
    """Look up a support ticket by its numeric id."""
    ticket = db.get_ticket(ticket_id)
    return str(ticket) if ticket else "no such ticket"


def build_agent():
    """Agent for support staff: 'find every open ticket about the March outage and draft replies'."""
    model = ChatOpenAI(model=settings.chat_model, temperature=0)
    agent_tools = [lookup_ticket, PythonREPLTool(), ShellTool()]
    return initialize_agent(
        agent_tools,
        model,
        agent=AgentType.ZERO_SHOT_REACT_DESCRIPTION,
        handle_parsing_errors=True,
        verbose=True,
    )


def run_agent(task: str) -> str:
    return build_agent().run(task)
