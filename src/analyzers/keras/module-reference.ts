/**
 * @module Judges the Python module a Keras config names. Keras < 3.9 (and tf-keras) import any `module` a config
 * names and take the class or function from it (CVE-2025-1550); Keras >= 3.9 imports only from its own packages.
 * So a module outside Keras is either the code a custom layer needs, or a way to reach `os.system`.
 */

/** Packages Keras writes into configs: Keras 3 and its libraries, and Keras 2 as tf-keras or inside TensorFlow. */
const KERAS_PACKAGES: ReadonlySet<string> = new Set(['keras', 'keras_hub', 'keras_nlp', 'keras_cv', 'tf_keras']);
const KERAS_PREFIXES: readonly string[] = ['tensorflow.keras', 'tensorflow.python.keras'];

/** Python's standard library (CPython 3.11 `sys.stdlib_module_names`, plus Python 2 names Keras 2 era files use). */
const STANDARD_LIBRARY: ReadonlySet<string> = new Set(
  `
  SocketServer __builtin__ __future__ _abc _aix_support _ast _asyncio _bisect _blake2 _bootsubprocess _bz2 _codecs
  _codecs_cn _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc
  _compat_pickle _compression _contextvars _crypt _csv _ctypes _curses _curses_panel _datetime _dbm _decimal
  _elementtree _frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json _locale
  _lsprof _lzma _markupbase _md5 _msi _multibytecodec _multiprocessing _opcode _operator _osx_support _overlapped
  _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random _scproxy _sha1 _sha256 _sha3 _sha512
  _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics _string _strptime _struct _symtable _thread
  _threading_local _tkinter _tokenize _tracemalloc _typing _uuid _warnings _weakref _weakrefset _winapi _zoneinfo
  abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect
  builtins bz2 cPickle cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys commands
  compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses
  datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp
  fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib
  heapq hmac html http httplib idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword
  lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt
  multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb
  pickle pickletools pipes pkgutil platform plistlib popen2 poplib posix posixpath pprint profile pstats pty pwd
  py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy
  sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd
  sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable
  sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token
  tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib
  urllib2 uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile
  zipimport zlib zoneinfo
`
    .trim()
    .split(/\s+/),
);

/**
 * Third-party packages that exist to unpickle, install or run code, so no layer or activation comes from them.
 * numpy, torch and the like also hold loaders, but their functions are legitimate activations too: references
 * to them are judged as any package outside Keras.
 */
const GADGET_PACKAGES: ReadonlySet<string> = new Set(['IPython', '_pytest', 'cloudpickle', 'dill', 'joblib', 'pip', 'pkg_resources', 'pytest', 'setuptools']);

/** Callables of `builtins`: Keras < 3.9 falls back to `vars(builtins)` when a "builtins" function is not its own. */
const PYTHON_BUILTINS: ReadonlySet<string> = new Set(
  `__build_class__ __import__ abs aiter all anext any ascii bin breakpoint callable chr classmethod compile
  delattr dir divmod enumerate eval exec exit filter format getattr globals hasattr hash help hex id input
  isinstance issubclass iter len locals map max memoryview min next object oct open ord pow print property quit
  range repr reversed round setattr sorted staticmethod sum super type vars zip`.split(/\s+/),
);

const BUILTINS_MODULES: ReadonlySet<string> = new Set(['builtins', '__builtin__', '__builtins__']);
const MODULE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export type ModuleVerdict =
  | { readonly kind: 'keras' }
  /** Never what Keras or a custom layer names: the standard library, a gadget package, or no module path at all. */
  | { readonly kind: 'unsafe'; readonly reason: string }
  /** A package outside Keras: a custom layer's, or an arbitrary installed one. */
  | { readonly kind: 'custom' };

export function isKerasModule(module: string): boolean {
  const root = module.split('.', 1)[0]!;
  return KERAS_PACKAGES.has(root) || KERAS_PREFIXES.some((prefix) => module === prefix || module.startsWith(`${prefix}.`));
}

/** @param importName what Keras takes from the module: a class name, or a function name */
export function judgeModule(module: string, importName: string): ModuleVerdict {
  if (!MODULE_PATH.test(module)) return { kind: 'unsafe', reason: 'is not a Python module path' };
  if (isKerasModule(module)) return { kind: 'keras' };
  if (BUILTINS_MODULES.has(module)) {
    // Keras writes "builtins" for its own activations and losses (relu, mse); only Python's builtins are a threat.
    return PYTHON_BUILTINS.has(importName) ? { kind: 'unsafe', reason: `is Python's builtins, and ${importName} is a builtin` } : { kind: 'keras' };
  }
  const root = module.split('.', 1)[0]!;
  if (STANDARD_LIBRARY.has(root)) return { kind: 'unsafe', reason: 'is in the Python standard library, which Keras never names' };
  if (GADGET_PACKAGES.has(root)) return { kind: 'unsafe', reason: `is in ${root}, whose members load or run code` };
  return { kind: 'custom' };
}
