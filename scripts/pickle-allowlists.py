#!/usr/bin/python3
"""Write the pickle analyzer's allowlist profiles (data/allowlists/pickle/*.json) and the Python 2 name
table (data/pickle/python2-names.json).

Run with Debian's interpreter, which has the libraries whose pickles the profiles describe:

    apt-get install -y python3-numpy python3-torch python3-sklearn
    /usr/bin/python3 scripts/pickle-allowlists.py

What it does: it pickles ordinary objects (numpy arrays and scalars, fitted scikit-learn estimators, standard
library values) at protocols 1-3 and lists the globals the pickles import, using pickletools (which only
disassembles: nothing is unpickled). The torch profile adds the keys of torch's own weights-only allowlist
(`torch._weights_only_unpickler._get_allowed_globals()`) to the names that PyTorch's current source allows
(read from torch/_weights_only_unpickler.py). Names that only other library versions write (numpy 2's
`numpy._core`, older scikit-learn) are listed by hand below, each with its source. Output is sorted, so a
rerun with the same library versions writes the same bytes.
"""
import _compat_pickle
import json
import pickle
import pickletools
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "allowlists" / "pickle"


def globals_in(obj, protocols=(1, 2, 3)):
    names = set()
    for protocol in protocols:
        for op, arg, _ in pickletools.genops(pickle.dumps(obj, protocol=protocol)):
            if op.name in ("GLOBAL", "INST"):
                module, name = arg.split(" ")
                if protocol < 3:
                    module, name = _compat_pickle.NAME_MAPPING.get((module, name), (module, name))
                    module = _compat_pickle.IMPORT_MAPPING.get(module, module)
                names.add(f"{module}.{name}")
    return names


def write(profile, description, entries):
    seen = {}
    for entry in entries:
        key = entry.get("global") or entry.get("module")
        seen.setdefault(key, entry)
    data = {
        "profile": profile,
        "description": description,
        "entries": sorted(seen.values(), key=lambda e: (e.get("global") or e.get("module"))),
    }
    (OUT / f"{profile}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def entry(name, source):
    return {"global": name, "source": source}


def torch_profile():
    import torch
    import torch._weights_only_unpickler as w

    version = torch.__version__.split("+")[0]
    computed = f"torch._weights_only_unpickler._get_allowed_globals() of PyTorch {version} (Debian python3-torch)"
    entries = [entry(name, computed) for name in w._get_allowed_globals()]
    current = "torch/_weights_only_unpickler.py _get_allowed_globals(), PyTorch main (2.x)"
    for name in [
        "collections.OrderedDict", "collections.Counter", "torch.nn.parameter.Parameter",
        "torch.serialization._get_layout", "torch.Size", "torch.Tensor", "torch.device", "_codecs.encode",
        "builtins.bytearray", "builtins.set", "builtins.complex", "torch._tensor._rebuild_from_type_v2",
    ]:
        entries.append(entry(name, current))
    rebuild = "torch/_weights_only_unpickler.py _tensor_rebuild_functions(), PyTorch main (2.x)"
    for name in [
        "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_tensor",
        "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_sparse_tensor", "_rebuild_meta_tensor_no_storage",
        "_rebuild_wrapper_subclass", "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor",
    ]:
        entries.append(entry(f"torch._utils.{name}", rebuild))
    dtypes = "torch/_weights_only_unpickler.py: str(dtype) for torch.storage._dtype_to_storage_type_map(), _new_dtypes(), uint1-7 and int1-7, PyTorch main (2.x)"
    for name in [
        "bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
        "complex32", "complex64", "complex128", "qint8", "quint8", "qint32", "quint4x2", "quint2x4",
        "float8_e5m2", "float8_e4m3fn", "float8_e5m2fnuz", "float8_e4m3fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2",
        "uint16", "uint32", "uint64", "bits8", "bits16", "bits1x8", "bits2x4", "bits4x2",
        *[f"uint{n}" for n in range(1, 8)], *[f"int{n}" for n in range(1, 8)],
    ]:
        entries.append(entry(f"torch.{name}", dtypes))
    quant = "torch/_weights_only_unpickler.py: quantization schemes, PyTorch main (2.x)"
    for name in ["per_tensor_affine", "per_tensor_symmetric", "per_channel_affine", "per_channel_symmetric", "per_channel_affine_float_qparams"]:
        entries.append(entry(f"torch.{name}", quant))
    write("torch-weights-only", "What torch.load(weights_only=True) accepts: tensors, storages, dtypes, parameters, OrderedDict.", entries)


def numpy_profile():
    import numpy as np

    version = np.__version__
    seen = f"written by pickle for numpy {version} objects (arrays, scalars, dtypes, masked arrays, matrices, records, random generators)"
    objects = [
        np.arange(3.0), np.array([1, 2], dtype=np.int32), np.array(["a"]), np.zeros((2, 2), order="F"),
        np.array([(1, 2.0)], dtype=[("a", "i4"), ("b", "f8")]), np.float64(1.5), np.int64(3), np.bool_(True),
        np.dtype("f4"), np.ma.masked_array([1, 2], mask=[0, 1]), np.matrix([[1, 2]]),
        np.rec.array([(1, 2)], dtype=[("a", "i4"), ("b", "i4")]), np.random.RandomState(0), np.random.default_rng(0),
        np.array(["2020-01-01"], dtype="datetime64[D]"), np.complex128(1j), np.str_("x"),
    ]
    names = set()
    for obj in objects:
        names |= globals_in(obj)
    entries = [entry(name, seen) for name in names if name.startswith("numpy.")]
    for name in ["float16", "float32", "float64", "longdouble", "int8", "int16", "int32", "int64", "uint8", "uint16",
                 "uint32", "uint64", "bool_", "complex64", "complex128", "str_", "bytes_", "object_", "datetime64", "timedelta64"]:
        entries.append(entry(f"numpy.{name}", "numpy scalar types, referenced as dtype arguments (e.g. scikit-learn's dtype=np.float64)"))
    for name in ["mean", "median", "sum", "max", "min", "std", "var", "log", "log1p", "exp", "expm1", "sqrt", "abs", "nanmean", "nanmedian"]:
        entries.append(entry(f"numpy.{name}", "numpy reductions and ufuncs referenced as estimator parameters (e.g. FunctionTransformer(func=np.log1p), SimpleImputer)"))
    np2 = "numpy 2.x moved numpy.core to numpy._core (numpy/_core/multiarray.py, numeric.py); pickles written by numpy 2 import these"
    for name in ["_core.multiarray._reconstruct", "_core.multiarray.scalar", "_core.numeric._frombuffer", "core.numeric._frombuffer"]:
        entries.append(entry(f"numpy.{name}", np2 if name.startswith("_core") else "numpy/core/numeric.py _frombuffer: ndarray.__reduce_ex__ at protocol 5"))
    for name in ["MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64"]:
        entries.append(entry(f"numpy.random._{name.lower()[:5] if name.startswith('PCG') else name.lower()}.{name}", "numpy/random bit generators, pickled inside Generator state"))
    for name in ["Float64DType", "Float32DType", "Int64DType", "Int32DType", "BoolDType", "ObjectDType", "StrDType"]:
        entries.append(entry(f"numpy.dtypes.{name}", "numpy/dtypes.py (numpy >= 1.25): dtype classes"))
    write("numpy", "NumPy arrays, scalars, dtypes, masked arrays and random generators.", entries)


def sklearn_profile():
    import numpy as np
    import sklearn
    from sklearn.utils import all_estimators

    warnings.filterwarnings("ignore")
    version = sklearn.__version__
    x = np.random.RandomState(0).rand(40, 4)
    y = np.array([0, 1] * 20)
    names = set()
    for _, cls in all_estimators():
        try:
            estimator = cls()
        except Exception:
            continue
        for args in ((x, y), (np.abs(x), y), (x,), (np.abs(x),)):
            try:
                estimator.fit(*args)
                break
            except Exception:
                pass
        try:
            names |= globals_in(estimator, protocols=(3,))
        except Exception:
            pass
    seen = f"written by pickle for every scikit-learn {version} estimator of sklearn.utils.all_estimators(), fitted on small data"
    entries = [entry(name, seen) for name in names if name.startswith(("sklearn.", "scipy."))]
    for kind in ["csr", "csc", "coo", "bsr", "dia", "dok", "lil"]:
        entries.append(entry(f"scipy.sparse._{kind}.{kind}_matrix", "scipy.sparse matrices (scipy >= 1.8 module layout), common in scikit-learn pickles"))
        entries.append(entry(f"scipy.sparse.{kind}.{kind}_matrix", "scipy.sparse matrices (scipy < 1.8 module layout)"))
        entries.append(entry(f"scipy.sparse._{kind}.{kind}_array", "scipy.sparse arrays (scipy >= 1.8)"))
    entries.append({
        "module": "sklearn",
        "use": "instantiate",
        "source": "scikit-learn estimators are plain classes restored with NEWOBJ + BUILD (BaseEstimator.__setstate__); "
                  "other versions move them between private modules, so any class in sklearn.* may be instantiated, never called",
    })
    write("scikit-learn", "scikit-learn estimators and the scipy sparse matrices they hold.", entries)


def joblib_profile():
    source = "joblib/numpy_pickle.py: NumpyArrayWrapper, written before each array's raw bytes by joblib.dump"
    entries = [
        {"global": "joblib.numpy_pickle.NumpyArrayWrapper", "use": "instantiate", "source": source},
        {"global": "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper", "use": "instantiate", "source": source + " (vendored in scikit-learn < 0.23)"},
    ]
    write("joblib", "joblib.dump's array wrapper (the array bytes follow it in the stream).", entries)


def transformers_profile():
    args = "transformers/training_args.py, trainer_utils.py: TrainingArguments as torch.save writes it to training_args.bin"
    entries = [{"global": "transformers.training_args.TrainingArguments", "use": "instantiate", "source": args},
               {"global": "transformers.training_args_seq2seq.Seq2SeqTrainingArguments", "use": "instantiate", "source": args}]
    enums = "transformers/trainer_utils.py, training_args.py, debug_utils.py: enums stored in TrainingArguments (Enum members pickle as Class(value))"
    for name in ["trainer_utils.IntervalStrategy", "trainer_utils.SaveStrategy", "trainer_utils.HubStrategy", "trainer_utils.SchedulerType",
                 "trainer_utils.FSDPOption", "trainer_utils.EvaluationStrategy", "training_args.OptimizerNames", "debug_utils.DebugOption",
                 "utils.generic.ExplicitEnum", "utils.generic.PaddingStrategy", "utils.generic.TensorType"]:
        entries.append(entry(f"transformers.{name}", enums))
    accelerate = "accelerate/utils/dataclasses.py: enums and configs held by TrainingArguments"
    for name in ["DistributedType", "ComputeEnvironment", "PrecisionType", "DynamoBackend", "AcceleratorConfig"]:
        entries.append(entry(f"accelerate.utils.dataclasses.{name}", accelerate))
    entries.append(entry("accelerate.state.PartialState", "accelerate/state.py, held by TrainingArguments"))
    tok = "tokenizers (Rust) Python bindings: classes pickle as NEWOBJ + __setstate__ with their JSON"
    for name in ["Tokenizer", "AddedToken", "models.BPE", "models.WordPiece", "models.Unigram", "models.WordLevel",
                 "normalizers.Sequence", "pre_tokenizers.ByteLevel", "pre_tokenizers.Whitespace", "decoders.ByteLevel", "processors.ByteLevel",
                 "processors.TemplateProcessing"]:
        entries.append({"global": f"tokenizers.{name}", "use": "instantiate", "source": tok})
    write("transformers", "Hugging Face transformers training arguments and tokenizers objects.", entries)


def stdlib_profile():
    seen = f"written by pickle (Python {sys.version.split()[0]}) for harmless standard-library values"
    import collections, datetime, decimal, fractions, uuid, pathlib, re
    objects = [collections.OrderedDict(a=1), collections.Counter("ab"), collections.defaultdict(list), collections.deque([1]),
               datetime.datetime(2020, 1, 1), datetime.date(2020, 1, 1), datetime.time(1), datetime.timedelta(1), datetime.timezone.utc,
               decimal.Decimal("1.5"), fractions.Fraction(1, 3), uuid.UUID(int=5), pathlib.PurePosixPath("a/b"),
               pathlib.PureWindowsPath("a"), {1, 2}, frozenset([1]), bytearray(b"x"), slice(1, 2), complex(1, 2), range(3),
               re.compile("a+"), b"", type(None), [1], {}]
    names = set()
    for obj in objects:
        names |= globals_in(obj)
    entries = [entry(name, seen) for name in names]
    for name in ["object", "int", "float", "str", "bytes", "bool", "tuple", "list", "dict", "set", "frozenset", "bytearray", "slice", "complex", "range"]:
        entries.append(entry(f"builtins.{name}", "builtin value types (copyreg._reconstructor bases, dtype and default_factory arguments)"))
    for name in ["PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath"]:
        entries.append(entry(f"pathlib.{name}", "pathlib path values: constructing one does no I/O (methods reached by a dotted name are not allowed)"))
    for name in ["_reconstructor", "__newobj__", "__newobj_ex__"]:
        entries.append(entry(f"copyreg.{name}", "copyreg.py: how pickle rebuilds instances (protocols 0-1 and the __reduce_ex__ protocol)"))
    entries.append(entry("_codecs.encode", "pickle.py save_bytes at protocols < 3: bytes are written as _codecs.encode(text, 'latin1')"))
    entries.append(entry("collections.ChainMap", "collections/__init__.py value types"))
    entries.append(entry("datetime.tzinfo", "datetime.py value types"))
    write("stdlib-values", "Harmless standard-library value types: containers, dates, numbers, paths and copyreg's rebuilders.", entries)


def torchscript_profile():
    import torch.jit._pickle as jit_pickle
    source = "torch/jit/_pickle.py: helpers that TorchScript archives' data.pkl and constants.pkl call (torch.jit.load's own unpickler resolves them)"
    entries = [entry(f"torch.jit._pickle.{name}", source) for name in dir(jit_pickle) if name.startswith(("build_", "restore_"))]
    entries.append({"module": "__torch__", "use": "instantiate",
                    "source": "TorchScript archives name their compiled classes __torch__.*; torch.jit.load builds them from the archive's code/ (which the zip analyzer reports)"})
    write("torchscript", "TorchScript archives' pickles (data.pkl, constants.pkl).", entries)


def python2_names():
    data = {
        "source": "CPython Lib/_compat_pickle.py: the names pickle maps when it loads protocol 0-2 pickles (fix_imports)",
        "names": [[m, n, m3, n3] for (m, n), (m3, n3) in sorted(_compat_pickle.NAME_MAPPING.items())],
        "modules": dict(sorted(_compat_pickle.IMPORT_MAPPING.items())),
    }
    (ROOT / "data" / "pickle" / "python2-names.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (ROOT / "data" / "pickle").mkdir(parents=True, exist_ok=True)
    torch_profile()
    numpy_profile()
    sklearn_profile()
    joblib_profile()
    transformers_profile()
    stdlib_profile()
    torchscript_profile()
    python2_names()
