# cython: language_level=3, boundscheck=False, wraparound=False
"""The shared half of the accelerator: class state, containers, binding.

A generated structuring function builds an instance only from values it
accepts outright; it returns None for anything else, and its caller hands
that value to the pure Python function of the same class (see ecr_attrs/_accel.py).
"""

import importlib

from cpython.bytes cimport PyBytes_CheckExact
from cpython.dict cimport PyDict_Copy, PyDict_Next
from cpython.list cimport PyList_AsTuple, PyList_GET_ITEM, PyList_GET_SIZE
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
    global _frozendict_type, _frozendict_items
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
        """The stored form of a value the C checks did not accept, or None: Python decides."""
        stored, problems = self.judge(<object>PyTuple_GET_ITEM(self.rules, i), value, (), None)
        return None if problems is not None else stored

    cdef object objects(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi):
        """A list or tuple of one class: a new tuple of instances, filled directly."""
        cdef bint is_list = type(value) is list
        if not is_list and type(value) is not tuple:
            return self.judged(i, value)
        cdef Py_ssize_t n = len(value)
        if n < lo or (hi >= 0 and n > hi):
            return self.judged(i, value)
        cdef structure_f fn = self.sfn[i]
        kid = <object>PyTuple_GET_ITEM(self.kids, i)
        out = PyTuple_New(n)
        cdef Py_ssize_t j
        for j in range(n):
            if is_list:
                if PyList_GET_SIZE(value) != n:
                    return None  # a Python fallback changed the input: let Python redo it all
                item = <object>PyList_GET_ITEM(value, j)
            else:
                item = <object>PyTuple_GET_ITEM(value, j)
            built = fn(item)
            if built is None:
                built = kid(item)
            Py_INCREF(built)
            PyTuple_SET_ITEM(out, j, built)
        return out

    cdef object texts(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi,
                      Py_ssize_t elo, Py_ssize_t ehi, bint pattern):
        """A list or tuple of str: as a tuple when every element passes, else judged."""
        cdef bint is_list = type(value) is list
        if not is_list and type(value) is not tuple:
            return self.judged(i, value)
        cdef Py_ssize_t n = len(value)
        if n < lo or (hi >= 0 and n > hi):
            return self.judged(i, value)
        match = <object>PyTuple_GET_ITEM(self.fast, i)
        cdef Py_ssize_t j
        for j in range(n):
            item = <object>(PyList_GET_ITEM(value, j) if is_list else PyTuple_GET_ITEM(value, j))
            if not ecr_text_ok(item, elo, ehi) or (pattern and match(item) is None):
                # Python redoes the whole object: judging here first would double the cost of errors.
                return None
        return PyList_AsTuple(value) if is_list else value

    cdef object enums(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi):
        cdef bint is_list = type(value) is list
        if not is_list and type(value) is not tuple:
            return self.judged(i, value)
        cdef Py_ssize_t n = len(value)
        if n < lo or (hi >= 0 and n > hi):
            return self.judged(i, value)
        allowed = <object>PyTuple_GET_ITEM(self.fast, i)
        cdef Py_ssize_t j
        for j in range(n):
            item = <object>(PyList_GET_ITEM(value, j) if is_list else PyTuple_GET_ITEM(value, j))
            if not ecr_enum_ok(item, allowed):
                return None
        return PyList_AsTuple(value) if is_list else value

    cdef object text_map(self, Py_ssize_t i, object value):
        """A dict of str to str (tags, headers, annotations) as a FrozenDict."""
        if type(value) is not dict:
            return self.judged(i, value)
        cdef Py_ssize_t pos = 0
        cdef PyObject *key
        cdef PyObject *item
        while PyDict_Next(value, &pos, &key, &item):
            if not ecr_text_ok(<object>key, 0, -1) or not ecr_text_ok(<object>item, 0, -1):
                return self.judged(i, value)
        return _frozen(PyDict_Copy(value))

    cdef object enum_int_map(self, Py_ssize_t i, object value):
        """A dict of enum value to int (finding severity counts) as a FrozenDict."""
        if type(value) is not dict:
            return self.judged(i, value)
        allowed = <object>PyTuple_GET_ITEM(self.fast, i)
        cdef Py_ssize_t pos = 0
        cdef PyObject *key
        cdef PyObject *item
        while PyDict_Next(value, &pos, &key, &item):
            if not ecr_enum_ok(<object>key, allowed) or not ecr_int_ok(<object>item, 0, 0, 0, 0):
                return self.judged(i, value)
        return _frozen(PyDict_Copy(value))

    cdef object dump_objects(self, Py_ssize_t i, object value):
        """A tuple of instances as a list of dicts; anything else raises, and Python takes over."""
        if type(value) is not tuple:
            raise TypeError("not a tuple")
        cdef unstructure_f fn = self.ufn[i]
        cdef Py_ssize_t n = PyTuple_GET_SIZE(value)
        out = [None] * n
        cdef Py_ssize_t j
        for j in range(n):
            out[j] = fn(<object>PyTuple_GET_ITEM(value, j))
        return out

    cdef object dump_map(self, object value):
        if _frozendict_type == NULL:
            _init_frozendict()
        if not ecr_exact(value, _frozendict_type):
            return value._items.copy()
        return PyDict_Copy(ecr_slot(value, _frozendict_items))
