# cython: language_level=3, boundscheck=False, wraparound=False
"""The shared half of the accelerator: class state, containers, binding.

A generated structuring function builds an instance only from values it
accepts outright; it returns None for anything else, and its caller hands
the whole input to the pure Python function of the same class (see
ecr_attrs/_accel.py).

Safety rules: every function here and in the generated modules keeps them.

1. Any call back into Python, and any allocation of a tracked object, can run
   a ``gc.callbacks`` entry, a ``__del__`` or another thread, which may change
   any container we are reading.  So a length or a borrowed item is never used
   after such a call: a list is copied into a tuple we own (``_snapshot``,
   which re-checks the size after allocating and then copies with no code in
   between), a dict is copied entry by entry into a dict we own, and only the
   copy is checked, stored and returned.
2. A container that changed while being copied is not half-copied: the whole
   input goes to the Python functions, which read its final state.
3. A value is stored only after a check accepted it, or as Python's judge
   stored it.
4. C consults no value whose methods could be user code: before it reads a
   field, every key of the dict must be an exact str; scalars are checked by
   exact type; ``judged`` only passes benign values (exact builtins, known
   tzinfos) to the Python judge.  Anything else, and any nested failure, goes
   to the Python function of the *outermost* object, so each hostile value is
   consulted once, by Python.
5. Unstructuring calls no Python code at all: a value it does not take as is
   raises ``Refused`` before anything was consulted, and the outermost
   function then hands the object to Python once (no retry after a Python
   exception).
"""

import importlib

from cpython.bytes cimport PyBytes_CheckExact
from cpython.dict cimport PyDict_Next, PyDict_SetItem
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.object cimport PyObject, PyTypeObject
from cpython.pycapsule cimport PyCapsule_GetPointer
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE, PyTuple_New, PyTuple_SET_ITEM

cdef extern from "structmember.h":
    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset

cdef extern from "Python.h":
    ctypedef struct PyMemberDescrObject:
        PyMemberDef *d_member

# Set by ecr_attrs when it binds this backend: name, signature -> what a class needs.
cdef object _resolver = None
# FrozenDict's type and the offset of its one slot, filled on first use.
cdef PyTypeObject *_frozendict_type = NULL
cdef Py_ssize_t _frozendict_items = 0
_T_OBJECT_EX = 16
# Exact types whose values run no user code when read (see rule 4), filled on first use.
cdef tuple _benign_scalars = None
cdef tuple _benign_tzinfos = None
cdef type _frozendict_class = None
DEPTH = 64


class Refused(Exception):
    """Raised by C unstructuring for a value it does not take as is, before consulting it."""


cdef tuple _snapshot(object value):
    """A tuple we own with the items of a list (a tuple as is), or None if it changed meanwhile.

    ``PyTuple_New`` may run a collection; the size is read again after it, and the
    copy loop itself runs no Python code (rule 1).
    """
    if type(value) is tuple:
        return <tuple>value
    cdef Py_ssize_t n = PyList_GET_SIZE(value)
    cdef tuple out = PyTuple_New(n)
    if PyList_GET_SIZE(value) != n:
        return None
    cdef Py_ssize_t j
    cdef PyObject *item
    for j in range(n):
        item = PyList_GET_ITEM(value, j)
        Py_INCREF(<object>item)
        PyTuple_SET_ITEM(out, j, <object>item)
    return out


cdef _init_benign():
    global _benign_scalars, _benign_tzinfos, _frozendict_class
    from ecr_attrs._accel import benign_tzinfos
    from ecr_attrs.values import FrozenDict

    _benign_scalars = (str, int, float, bool, bytes, type(None))
    _benign_tzinfos = tuple(benign_tzinfos())
    _frozendict_class = FrozenDict


cdef bint _is_one_of(type t, tuple types):
    """``t in types`` by identity: a metaclass's ``__eq__`` is user code."""
    for known in types:
        if t is known:
            return True
    return False


cdef bint _benign(object value, int depth):
    """Whether reading ``value`` (and all it holds) can run no user code: rule 4."""
    cdef type t = type(value)
    if _is_one_of(t, _benign_scalars):
        return True
    if depth <= 0:
        return False
    if t is list or t is tuple:
        for item in value:  # Cython re-reads the size on every step
            if not _benign(item, depth - 1):
                return False
        return True
    if t is _frozendict_class:
        value = ecr_slot(value, _frozendict_items)
        t = type(value)
    if t is dict:
        for key, item in value.items():
            if type(key) is not str or not _benign(item, depth - 1):
                return False
        return True
    if t is _datetime_class:
        tz = value.tzinfo
        return tz is None or _is_one_of(type(tz), _benign_tzinfos)
    return False


cdef type _datetime_class = None


def set_resolver(resolver):
    """Called by ecr_attrs: ``resolver(name, signature)`` gives a class's functions and rules."""
    global _resolver
    _resolver = resolver


cdef Py_ssize_t _offset(object cls, str name) except -1:
    """Where a slot lives in an instance; refuses anything but a plain object slot of ``cls``."""
    descr = cls.__dict__.get(name)
    if type(descr).__name__ != "member_descriptor" or descr.__objclass__ is not cls:
        raise TypeError(f"{cls.__name__}.{name} is not a slot")
    cdef PyMemberDef *member = (<PyMemberDescrObject *><PyObject *>descr).d_member
    if member.type != _T_OBJECT_EX:
        raise TypeError(f"{cls.__name__}.{name} is not an object slot")
    return member.offset


cdef _init_frozendict():
    global _frozendict_type, _frozendict_items, _datetime_class
    import datetime

    _datetime_class = datetime.datetime
    from ecr_attrs.values import FrozenDict

    _frozendict_items = _offset(FrozenDict, "_items")
    _frozendict_type = <PyTypeObject *>FrozenDict


cdef object _frozen(dict items):
    """FrozenDict._adopt(items) without the call: a fresh instance with its slot set."""
    if _frozendict_type == NULL:
        _init_frozendict()
    out = ecr_alloc(_frozendict_type)
    ecr_put(out, _frozendict_items, items)
    return out


cdef Cls bind(str name, str signature, tuple children):
    """The state of class ``name``; disabled when the installed model differs from ``signature``."""
    if _resolver is None:
        raise RuntimeError("ecr_attrs_speedups is used through ecr_attrs, which binds it")
    cdef Cls c = Cls()
    c.name = name
    found = _resolver(name, signature)
    cls, c.hook, c.py, c.py_unstructure, c.judge, c.rules, c.fast, c.kids, enabled, fields = found
    if not enabled:
        return c
    cdef Py_ssize_t n = len(fields)
    c.offsets = <Py_ssize_t *>PyMem_Malloc(max(n, 1) * sizeof(Py_ssize_t))
    c.sfn = <structure_f *>PyMem_Malloc(max(n, 1) * sizeof(structure_f))
    c.ufn = <unstructure_f *>PyMem_Malloc(max(n, 1) * sizeof(unstructure_f))
    if c.offsets == NULL or c.sfn == NULL or c.ufn == NULL:
        raise MemoryError()
    cdef Py_ssize_t i
    for i in range(n):
        c.offsets[i] = _offset(cls, fields[i])
        c.sfn[i] = NULL
        c.ufn[i] = NULL
        child = children[i]
        if child is not None:
            capsules = _exports(child)
            c.sfn[i] = <structure_f>PyCapsule_GetPointer(capsules[0], NULL)
            c.ufn[i] = <unstructure_f>PyCapsule_GetPointer(capsules[1], NULL)
    import datetime

    c.datetime_type = <PyTypeObject *>datetime.datetime
    c.timezone_type = <PyTypeObject *>datetime.timezone
    c.type = <PyTypeObject *>cls
    return c


cdef tuple _exports(str name):
    """The C functions of class ``name``, from the module that holds them (imported now)."""
    from ecr_attrs_speedups._index import MODULE_OF

    module = importlib.import_module("ecr_attrs_speedups." + MODULE_OF[name])
    return module._EXPORTS[name]


cdef class Cls:
    def __dealloc__(self):
        PyMem_Free(self.offsets)
        PyMem_Free(self.sfn)
        PyMem_Free(self.ufn)

    def __repr__(self):
        return f"<ecr_attrs_speedups class state {self.name} {'on' if self.type != NULL else 'off'}>"

    cdef object judged(self, Py_ssize_t i, object value):
        """The stored form of a value the C checks did not accept, or None: Python decides.

        Only a benign value is judged here; any other goes to Python with the whole input.
        """
        if _benign_scalars is None:
            _init_benign()
        if _frozendict_type == NULL:
            _init_frozendict()
        if not _benign(value, DEPTH):
            return None
        stored, problems = self.judge(<object>PyTuple_GET_ITEM(self.rules, i), value, (), None)
        return None if problems is not None else stored

    cdef object objects(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi):
        """A list or tuple of one class: a new tuple of instances built by C, or None."""
        if type(value) is not list and type(value) is not tuple:
            return self.judged(i, value)
        cdef tuple items = _snapshot(value)
        if items is None:
            return None
        cdef Py_ssize_t n = PyTuple_GET_SIZE(items)
        if n < lo or (hi >= 0 and n > hi):
            return self.judged(i, items)
        cdef structure_f fn = self.sfn[i]
        cdef tuple out = PyTuple_New(n)
        cdef Py_ssize_t j
        for j in range(n):
            built = fn(<object>PyTuple_GET_ITEM(items, j))
            if built is None:
                return None  # rule 4: Python redoes the outermost object, consulting each value once
            Py_INCREF(built)
            PyTuple_SET_ITEM(out, j, built)
        return out

    cdef object texts(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi,
                      Py_ssize_t elo, Py_ssize_t ehi, bint pattern):
        """A list or tuple of str: a tuple of the very items checked, else None or judged."""
        if type(value) is not list and type(value) is not tuple:
            return self.judged(i, value)
        cdef tuple items = _snapshot(value)
        if items is None:
            return None
        cdef Py_ssize_t n = PyTuple_GET_SIZE(items)
        if n < lo or (hi >= 0 and n > hi):
            return self.judged(i, items)
        match = <object>PyTuple_GET_ITEM(self.fast, i)
        cdef Py_ssize_t j
        for j in range(n):
            item = <object>PyTuple_GET_ITEM(items, j)
            if not ecr_text_ok(item, elo, ehi) or (pattern and match(item) is None):
                # Python redoes the whole object: judging here first would double the cost of errors.
                return None
        return items

    cdef object enums(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi):
        """A list or tuple of enum values: a tuple of the very items checked, else None or judged."""
        if type(value) is not list and type(value) is not tuple:
            return self.judged(i, value)
        cdef tuple items = _snapshot(value)
        if items is None:
            return None
        cdef Py_ssize_t n = PyTuple_GET_SIZE(items)
        if n < lo or (hi >= 0 and n > hi):
            return self.judged(i, items)
        allowed = <object>PyTuple_GET_ITEM(self.fast, i)
        cdef Py_ssize_t j
        for j in range(n):
            if not ecr_enum_ok(<object>PyTuple_GET_ITEM(items, j), allowed):
                return None
        return items

    cdef object text_map(self, Py_ssize_t i, object value):
        """A dict of str to str (tags, headers, annotations) as a FrozenDict of a checked copy."""
        if type(value) is not dict:
            return self.judged(i, value)
        cdef dict copy = {}  # allocated before reading `value` (rule 1)
        cdef Py_ssize_t pos = 0
        cdef PyObject *key
        cdef PyObject *item
        # Nothing in this loop runs Python code: exact str keys hash and compare in C.
        while PyDict_Next(value, &pos, &key, &item):
            if not ecr_text_ok(<object>key, 0, -1) or not ecr_text_ok(<object>item, 0, -1):
                return self.judged(i, value)
            PyDict_SetItem(copy, <object>key, <object>item)
        return _frozen(copy)

    cdef object enum_int_map(self, Py_ssize_t i, object value):
        """A dict of enum value to int (finding severity counts) as a FrozenDict of a checked copy."""
        if type(value) is not dict:
            return self.judged(i, value)
        allowed = <object>PyTuple_GET_ITEM(self.fast, i)
        cdef dict copy = {}
        cdef Py_ssize_t pos = 0
        cdef PyObject *key
        cdef PyObject *item
        while PyDict_Next(value, &pos, &key, &item):
            if not ecr_enum_ok(<object>key, allowed) or not ecr_int_ok(<object>item, 0, 0, 0, 0):
                return self.judged(i, value)
            PyDict_SetItem(copy, <object>key, <object>item)
        return _frozen(copy)

    cdef object dump_list(self, object value):
        """A tuple of scalars as a list; anything else is refused before it is read (rule 5)."""
        if type(value) is not tuple:
            raise Refused()
        return list(<tuple>value)

    cdef object dump_objects(self, Py_ssize_t i, object value):
        """A tuple of instances as a list of dicts; anything else is refused (rule 5)."""
        if type(value) is not tuple:
            raise Refused()
        cdef unstructure_f fn = self.ufn[i]
        cdef Py_ssize_t n = PyTuple_GET_SIZE(value)
        out = [None] * n
        cdef Py_ssize_t j
        for j in range(n):
            out[j] = fn(<object>PyTuple_GET_ITEM(value, j))
        return out

    cdef object dump_map(self, object value):
        """A FrozenDict of str keys as a fresh dict; anything else is refused (rule 5)."""
        if _frozendict_type == NULL:
            _init_frozendict()
        if not ecr_exact(value, _frozendict_type):
            raise Refused()
        items = ecr_slot(value, _frozendict_items)
        if type(items) is not dict:
            raise Refused()
        cdef dict copy = {}
        cdef Py_ssize_t pos = 0
        cdef PyObject *key
        cdef PyObject *item
        while PyDict_Next(items, &pos, &key, &item):
            if type(<object>key) is not str:
                raise Refused()
            PyDict_SetItem(copy, <object>key, <object>item)
        return copy
