#!/usr/bin/env python3
"""Build the model files of the teaching example in examples/support-assistant/models/.

WHAT THIS PLANTS (on purpose, so that `aigis scan examples/support-assistant` has something to find):

  models/intent-classifier/model.safetensors
      A valid, harmless safetensors file: one F32 tensor "classifier.weight" of shape [5, 8] and a
      __metadata__ entry. It is the safe counterpart of the two files below.

  models/intent-classifier/classifier.pkl
      A protocol 4 pickle that looks like a small classifier head (a dict of labels and a threshold) but
      hides one extra value built by STACK_GLOBAL os.system + REDUCE with the argument "true". Unpickling
      it would run the shell command `true`, which does nothing and exits 0. It is a stand-in for a
      malicious model file, nothing more.

  models/reranker/pytorch_model.bin
      A PyTorch-style zip checkpoint (stored, not compressed; members aligned to 64 bytes with an "FB"
      padding extra field as torch.save does) holding reranker/data.pkl, reranker/byteorder,
      reranker/data/0, reranker/data/1 and reranker/version ("3\\n"). data.pkl is a protocol 2 pickle of
      an OrderedDict state dict of two tensors, preceded by an injected GLOBAL posix.system + REDUCE with
      the argument "true" whose result is POPped: the shape of a real pickle-injection attack, with a
      payload that only runs `true`.

SAFETY: this script only writes bytes. It never unpickles anything and never imports torch. The pickles
are assembled opcode by opcode below, so the output is identical on every platform and Python version.
Check them with `python3 -m pickletools FILE` (which disassembles without executing).

DETERMINISM: fixed zip timestamps and attributes, sorted JSON keys, no randomness: every run writes the
same bytes.

Usage: python3 scripts/make-example-model.py [OUTPUT_MODELS_DIR]
"""
from __future__ import annotations

import io
import json
import math
import struct
import sys
import zipfile
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "examples" / "support-assistant" / "models"

# --- pickle opcodes used below (see Lib/pickletools.py) -------------------------------------------------
PROTO = b"\x80"
FRAME = b"\x95"
STOP = b"."
MARK = b"("
POP = b"0"
EMPTY_DICT = b"}"
EMPTY_LIST = b"]"
EMPTY_TUPLE = b")"
APPENDS = b"e"
SETITEMS = b"u"
TUPLE = b"t"
TUPLE1 = b"\x85"
TUPLE2 = b"\x86"
REDUCE = b"R"
MEMOIZE = b"\x94"
STACK_GLOBAL = b"\x93"
BINPERSID = b"Q"
NEWFALSE = b"\x89"


def short_binunicode(text: str) -> bytes:
    data = text.encode("utf-8")
    assert len(data) < 256
    return b"\x8c" + bytes([len(data)]) + data


def binunicode(text: str) -> bytes:
    data = text.encode("utf-8")
    return b"X" + struct.pack("<I", len(data)) + data


def binfloat(value: float) -> bytes:
    return b"G" + struct.pack(">d", value)


def binint1(value: int) -> bytes:
    assert 0 <= value < 256
    return b"K" + bytes([value])


def global_(module: str, name: str) -> bytes:
    return b"c" + module.encode("ascii") + b"\n" + name.encode("ascii") + b"\n"


class Memo:
    """Hands out BINPUT indices in order, as the pickler of protocol 2 does."""

    def __init__(self) -> None:
        self.next = 0

    def put(self) -> bytes:
        index = self.next
        self.next += 1
        assert index < 256
        return b"q" + bytes([index])


# --- models/intent-classifier/classifier.pkl (protocol 4) -----------------------------------------------
def classifier_pickle() -> bytes:
    """{"format": ..., "classes": [...], "threshold": 0.35, "calibration": os.system("true")}"""
    labels = ["account", "billing", "other", "refund", "technical"]
    body = bytearray()
    body += EMPTY_DICT + MEMOIZE + MARK
    body += short_binunicode("format") + MEMOIZE + short_binunicode("acme-intent-head/1") + MEMOIZE
    body += short_binunicode("classes") + MEMOIZE + EMPTY_LIST + MEMOIZE + MARK
    for label in labels:
        body += short_binunicode(label) + MEMOIZE
    body += APPENDS
    body += short_binunicode("threshold") + MEMOIZE + binfloat(0.35)
    # The payload: looks like a calibration value, is a call of os.system("true") at load time.
    body += short_binunicode("calibration") + MEMOIZE
    body += short_binunicode("os") + MEMOIZE + short_binunicode("system") + MEMOIZE + STACK_GLOBAL + MEMOIZE
    body += short_binunicode("true") + MEMOIZE + TUPLE1 + MEMOIZE + REDUCE + MEMOIZE
    body += SETITEMS + STOP
    return PROTO + bytes([4]) + FRAME + struct.pack("<Q", len(body)) + bytes(body)


# --- models/intent-classifier/model.safetensors -------------------------------------------------------
def intent_safetensors() -> bytes:
    rows, cols = 5, 8
    values = [round(0.1 * math.sin(1.0 + i * 0.7), 6) for i in range(rows * cols)]
    data = b"".join(struct.pack("<f", v) for v in values)
    header = {
        "__metadata__": {"format": "pt"},
        "classifier.weight": {"data_offsets": [0, len(data)], "dtype": "F32", "shape": [rows, cols]},
    }
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # safetensors pads the header with spaces to an 8-byte boundary
    return struct.pack("<Q", len(text)) + text + data


# --- models/reranker/pytorch_model.bin (torch zip format) ---------------------------------------------
def reranker_data_pickle() -> bytes:
    """An injected posix.system("true") call, popped, then OrderedDict{score.weight [1,4], score.bias [1]}."""
    memo = Memo()
    out = bytearray(PROTO + bytes([2]))
    # Injected first, result discarded: the state dict below still loads normally.
    out += global_("posix", "system") + memo.put() + MARK + binunicode("true") + memo.put() + TUPLE
    out += memo.put() + REDUCE + memo.put() + POP
    # The state dict, as torch.save writes it.
    out += global_("collections", "OrderedDict") + memo.put() + EMPTY_TUPLE + REDUCE + memo.put() + MARK
    tensors = [("score.weight", "0", (1, 4), (4, 1)), ("score.bias", "1", (1,), (1,))]
    for name, key, size, stride in tensors:
        numel = math.prod(size)
        out += binunicode(name) + memo.put()
        out += global_("torch._utils", "_rebuild_tensor_v2") + memo.put() + MARK
        out += MARK + binunicode("storage") + memo.put() + global_("torch", "FloatStorage") + memo.put()
        out += binunicode(key) + memo.put() + binunicode("cpu") + memo.put() + binint1(numel) + TUPLE + memo.put()
        out += BINPERSID + binint1(0)
        out += b"".join(binint1(n) for n in size) + (TUPLE1 if len(size) == 1 else TUPLE2) + memo.put()
        out += b"".join(binint1(n) for n in stride) + (TUPLE1 if len(stride) == 1 else TUPLE2) + memo.put()
        out += NEWFALSE + global_("collections", "OrderedDict") + memo.put() + EMPTY_TUPLE + REDUCE + memo.put()
        out += TUPLE + memo.put() + REDUCE + memo.put()
    out += SETITEMS + STOP
    return bytes(out)


def reranker_zip() -> bytes:
    weight = b"".join(struct.pack("<f", v) for v in (0.25, -0.5, 0.125, 0.75))
    bias = struct.pack("<f", -0.0625)
    members = [
        ("reranker/data.pkl", reranker_data_pickle()),
        ("reranker/byteorder", b"little"),
        ("reranker/data/0", weight),
        ("reranker/data/1", bias),
        ("reranker/version", b"3\n"),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED, allowZip64=False) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            # Like torch.save: pad with an "FB" extra field so each member's data starts on a 64-byte boundary.
            start = buffer.tell() + 30 + len(name.encode("ascii")) + 4
            pad = -start % 64
            info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
            archive.writestr(info, data)
    return buffer.getvalue()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    files = {
        out / "intent-classifier" / "model.safetensors": intent_safetensors(),
        out / "intent-classifier" / "classifier.pkl": classifier_pickle(),
        out / "reranker" / "pytorch_model.bin": reranker_zip(),
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
