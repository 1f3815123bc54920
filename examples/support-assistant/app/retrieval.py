"""Retrieval over the FAQ: embed the question, find the nearest FAQ entries, rerank them, and guess the
customer's intent."""
from __future__ import annotations

import json
import pickle

import joblib
import numpy as np
import torch
from safetensors.torch import load_file
from sentence_transformers import SentenceTransformer
from transformers import AutoModel, AutoTokenizer

from .config import ROOT

MODELS = ROOT / "models"
CACHE_DIR = ROOT / ".cache"
INDEX_CACHE = CACHE_DIR / "faq_index.pkl"
EMBEDDINGS_CACHE = CACHE_DIR / "faq_embeddings.pt"

# Question embedder, straight from the Hub.
embedder = SentenceTransformer("acme-support/support-embeddings-base")

# The reranker's encoder ships its own modelling code.
rerank_tokenizer = AutoTokenizer.from_pretrained(
    "sentence-transformers/all-MiniLM-L6-v2", revision="9558c1530a493afbb8b64cb580fac27cd8995efe"
)
rerank_encoder = AutoModel.from_pretrained("acme-support/reranker-encoder", trust_remote_code=True)


def load_index() -> dict:
    """The FAQ entries and their embeddings, built by scripts/ingest.py."""
    if INDEX_CACHE.exists():
        with open(INDEX_CACHE, "rb") as f:
            return pickle.load(f)
    entries = [json.loads(line) for line in (ROOT / "data" / "faq.jsonl").read_text(encoding="utf-8").splitlines() if line]
    vectors = torch.load(EMBEDDINGS_CACHE, map_location="cpu", weights_only=True)
    return {"entries": entries, "vectors": vectors.numpy()}


def load_reranker_head() -> dict[str, torch.Tensor]:
    return torch.load(MODELS / "reranker" / "pytorch_model.bin", map_location="cpu")


def load_intent_classifier() -> tuple[dict, torch.Tensor]:
    head = joblib.load(MODELS / "intent-classifier" / "classifier.pkl")
    weights = load_file(MODELS / "intent-classifier" / "model.safetensors")["classifier.weight"]
    return head, weights


INDEX = load_index()
RERANKER = load_reranker_head()
INTENT_HEAD, INTENT_WEIGHTS = load_intent_classifier()


def search(question: str, k: int = 4) -> list[dict]:
    query = embedder.encode([question], normalize_embeddings=True)[0]
    scores = INDEX["vectors"] @ query
    window = np.argsort(-scores)[: k * 2]
    candidates = [INDEX["entries"][i] for i in window]
    return rerank(question, candidates)[:k]


def rerank(question: str, candidates: list[dict]) -> list[dict]:
    pairs = rerank_tokenizer([question] * len(candidates), [c["answer"] for c in candidates],
                             padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        pooled = rerank_encoder(**pairs).last_hidden_state[:, 0, :4]
        scores = pooled @ RERANKER["score.weight"].T + RERANKER["score.bias"]
    order = torch.argsort(scores.squeeze(-1), descending=True).tolist()
    return [candidates[i] for i in order]


def classify_intent(question: str) -> str:
    vector = torch.from_numpy(embedder.encode([question], normalize_embeddings=True)[0][:8])
    logits = INTENT_WEIGHTS @ vector
    probabilities = torch.softmax(logits, dim=0)
    best = int(torch.argmax(probabilities))
    return INTENT_HEAD["classes"][best] if probabilities[best] >= INTENT_HEAD["threshold"] else "other"
