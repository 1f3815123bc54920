"""Build the retrieval cache: embed every FAQ entry and write .cache/faq_index.pkl and
.cache/faq_embeddings.pt. Run after editing data/faq.jsonl:  python scripts/ingest.py"""
from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import torch
import yaml
from sentence_transformers import SentenceTransformer

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with open(ROOT / "config" / "ingest.yaml", encoding="utf-8") as f:
        options = yaml.safe_load(f) or {}
    local = ROOT / "config" / "ingest.local.yaml"  # developer overrides, not committed
    if local.exists():
        with open(local, encoding="utf-8") as f:
            options.update(yaml.load(f, Loader=yaml.SafeLoader) or {})

    lines = (ROOT / "data" / "faq.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    sources = set(options.get("sources", ["kb", "community-forum-import"]))
    entries = [e for e in entries if e.get("source") in sources]

    model = SentenceTransformer("acme-support/support-embeddings-base")
    vectors = model.encode([f"{e['question']}\n{e['answer']}" for e in entries], normalize_embeddings=True)

    cache = ROOT / ".cache"
    cache.mkdir(exist_ok=True)
    torch.save(torch.from_numpy(vectors), cache / "faq_embeddings.pt")
    with open(cache / "faq_index.pkl", "wb") as f:
        pickle.dump({"entries": entries, "vectors": vectors}, f)
    print(f"indexed {len(entries)} FAQ entries from {sorted(sources)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
