"""Acme support assistant: answers customer questions from the FAQ and the ticket history."""

__version__ = "0.4.2"
