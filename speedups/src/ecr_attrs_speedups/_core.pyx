# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled core: one interpreter that structures and unstructures any generated class.

Nothing here is specific to a class or a service.  Each class is described by
a table built from its rule objects (``ecr_attrs._accel.field_table``): per
field its name, slot, kind, bounds, enum values or pattern, child class and
whether it may be None.  C builds an instance only from values it accepts
outright; for anything else it returns None and the class's pure Python
function structures the whole input, so both backends give the same objects
and the same errors.

Memory-safety rules.  Every function in this file keeps them.

1. Never trust a length or a borrowed reference across Python code.  Any call
   back into Python, and any allocation of an object the collector tracks, may
   run a ``gc.callbacks`` entry, a ``__del__`` or another thread, which may
   change any container being read.
2. Hold a strong reference to everything read, for as long as it is used.
3. Read containers through a snapshot the core owns: the fields of a dict are
   all looked up, with no allocation in between, before any is checked; a list
   is copied into a tuple (its size read again after the tuple is allocated,
   the copy loop running no Python code); a mapping into a dict.  Snapshots
   and objects under construction are untracked by the collector at once, so
   no callback can reach them through ``gc.get_objects()``.
4. A container that changed while being copied is not half-copied: the whole
   input goes to Python, which reads its final state.
5. An unvalidated value is never stored: a value goes into an object only
   after a C check accepted it or Python's ``judge`` returned its stored form.
6. Each hostile value is consulted once, by Python.  C reads only exact
   builtin types (every key of a dict must be an exact str before a field is
   looked up, so no ``__eq__`` or ``__hash__`` runs); only values whose
   reading runs no user code (``_benign``) are passed to ``judge``; anything
   else sends the whole input to Python before C consulted it.
7. Unstructuring calls no method of the values: it copies exact builtins and
   refuses, before reading anything else, what it cannot copy; the object
   then goes to Python once, never as a retry after a Python exception.

Objects built here whose values are atoms or untracked objects are untracked
by the collector, as CPython does for tuples: frozen objects built bottom-up
from such values cannot be part of a cycle.
"""

from cpython.dict cimport PyDict_Next
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.set cimport PySet_Contains
from cpython.object cimport PyObject, PyObject_GenericGetAttr, PyTypeObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE

from datetime import timedelta

cdef extern from "structmember.h":
    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset

cdef extern from "Python.h":
    ctypedef struct PyMemberDescrObject:
        PyMemberDef *d_member

cdef extern from *:
    """
    #include <string.h>
    #include <math.h>
    #include "datetime.h"

    /* An exact str within bounds, without NUL or lone surrogates (what the Text rule accepts). */
    static inline __attribute__((always_inline)) int ecr_text_ok(PyObject *v, Py_ssize_t lo, Py_ssize_t hi) {
        Py_ssize_t n, i;
        const void *data;
        if (!PyUnicode_CheckExact(v)) return 0;
    #if PY_VERSION_HEX < 0x030C0000
        if (!PyUnicode_IS_READY(v)) return 0;
    #endif
        n = PyUnicode_GET_LENGTH(v);
        if (n < lo || (hi >= 0 && n > hi)) return 0;
        data = PyUnicode_DATA(v);
        switch (PyUnicode_KIND(v)) {
        case PyUnicode_1BYTE_KIND:
            return memchr(data, 0, (size_t)n) == NULL;
        case PyUnicode_2BYTE_KIND: {
            const Py_UCS2 *p = (const Py_UCS2 *)data;
            for (i = 0; i < n; i++) {
                if (p[i] == 0 || (p[i] >= 0xD800 && p[i] <= 0xDFFF)) return 0;
            }
            return 1;
        }
        default: {
            const Py_UCS4 *p = (const Py_UCS4 *)data;
            for (i = 0; i < n; i++) {
                if (p[i] == 0 || (p[i] >= 0xD800 && p[i] <= 0xDFFF)) return 0;
            }
            return 1;
        }
        }
    }

    /* An exact int within bounds; one beyond a long long is left to Python. */
    static inline __attribute__((always_inline)) int ecr_int_ok(PyObject *v, int has_lo, long long lo, int has_hi, long long hi) {
        int overflow;
        long long x;
        if (!PyLong_CheckExact(v)) return 0;
        if (!has_lo && !has_hi) return 1;
        x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow) return 0;
        return (!has_lo || x >= lo) && (!has_hi || x <= hi);
    }

    /* A finite exact float, or an exact int that fits a long long, within bounds. */
    static inline int ecr_number_ok(PyObject *v, int has_lo, long long lo, int has_hi, long long hi) {
        int overflow;
        long long x;
        double d;
        if (PyFloat_CheckExact(v)) {
            d = PyFloat_AS_DOUBLE(v);
            if (!isfinite(d)) return 0;
            return (!has_lo || d >= (double)lo) && (!has_hi || d <= (double)hi);
        }
        if (!PyLong_CheckExact(v)) return 0;
        x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow) return 0;
        return (!has_lo || x >= lo) && (!has_hi || x <= hi);
    }

    static inline int ecr_blob_ok(PyObject *v, Py_ssize_t lo, Py_ssize_t hi) {
        Py_ssize_t n;
        if (PyBytes_CheckExact(v)) n = PyBytes_GET_SIZE(v);
        else if (PyUnicode_CheckExact(v)) n = PyUnicode_GetLength(v);
        else return 0;
        return n >= lo && (hi < 0 || n <= hi);
    }

    /* Kinds (the numbers of ecr_attrs._accel, which decides them). */
    enum {
        ECR_PYTHON = 0, ECR_JUDGE = 1, ECR_TEXT = 2, ECR_INTEGER = 3, ECR_NUMBER = 4,
        ECR_BOOLEAN = 5, ECR_TIMESTAMP = 6, ECR_BLOB = 7, ECR_ENUM = 8, ECR_OBJECT = 9,
        ECR_SEQUENCE = 10, ECR_MAPPING = 11
    };

    /* One scalar rule as C checks it. */
    typedef struct {
        int kind;
        Py_ssize_t lo, hi;      /* length bounds (Text, Blob); hi < 0: none */
        int has_lo, has_hi;     /* value bounds (Integer, Number) */
        long long vlo, vhi;
        PyObject *fast;         /* a pattern's fullmatch or an enum's frozenset (held by the plan) */
    } ecr_check;

    /* datetime.timezone.utc, set when the module is imported. */
    static PyObject *ecr_utc = NULL;

    static void ecr_set_utc(PyObject *utc) {
        Py_XINCREF(utc);
        ecr_utc = utc;
    }

    /* 1: ``v`` is stored as it is; 0: not accepted (Python judges it); -1: accepted so far,
       but a pattern or a timestamp needs Python-level work.  Runs no Python code. */
    static inline __attribute__((always_inline)) int ecr_scalar_ok(const ecr_check *c, PyObject *v) {
        switch (c->kind) {
        case ECR_TEXT:
            if (!ecr_text_ok(v, c->lo, c->hi)) return 0;
            return c->fast == NULL ? 1 : -1;
        case ECR_ENUM:
            /* An exact str hashes and compares in C. */
            return PyUnicode_CheckExact(v) && PySet_Contains(c->fast, v) == 1;
        case ECR_INTEGER:
            return ecr_int_ok(v, c->has_lo, c->vlo, c->has_hi, c->vhi);
        case ECR_NUMBER:
            return ecr_number_ok(v, c->has_lo, c->vlo, c->has_hi, c->vhi);
        case ECR_BOOLEAN:
            return v == Py_True || v == Py_False;
        case ECR_BLOB:
            return ecr_blob_ok(v, c->lo, c->hi);
        case ECR_TIMESTAMP:
            /* A UTC datetime is stored as it is (what Python's fast path keeps); others need work. */
            if (PyDateTime_CheckExact(v) && ((PyDateTime_DateTime *)v)->hastzinfo
                && ((PyDateTime_DateTime *)v)->tzinfo == ecr_utc) return 1;
            return -1;
        default:
            return 0;
        }
    }

    /* The tzinfo of an exact datetime (borrowed), Py_None when naive. */
    static inline PyObject *ecr_tzinfo(PyObject *v) {
        PyDateTime_DateTime *dt = (PyDateTime_DateTime *)v;
        return dt->hastzinfo ? dt->tzinfo : Py_None;
    }

    /* A tuple of n Nones that the collector does not see: a snapshot or an object's values (rule 3). */
    static PyObject *ecr_held(Py_ssize_t n) {
        Py_ssize_t i;
        PyObject *t = PyTuple_New(n);
        if (t == NULL) return NULL;
        PyObject_GC_UnTrack(t);
        for (i = 0; i < n; i++) {
            Py_INCREF(Py_None);
            PyTuple_SET_ITEM(t, i, Py_None);
        }
        return t;
    }

    /* Replace item i of a tuple the core owns; the old item is released last. */
    static inline void ecr_hold(PyObject *t, Py_ssize_t i, PyObject *v) {
        PyObject *old = PyTuple_GET_ITEM(t, i);
        Py_INCREF(v);
        PyTuple_SET_ITEM(t, i, v);
        Py_DECREF(old);
    }

    /* A list's items in a tuple the core owns, or Py_None when the list changed meanwhile.
       Allocating the tuple may run Python code; the size is read again after it, and the
       copy loop runs none (rules 1 and 4). */
    static PyObject *ecr_snapshot(PyObject *list) {
        Py_ssize_t n = PyList_GET_SIZE(list), i;
        PyObject *t = PyTuple_New(n);
        if (t == NULL) return NULL;
        PyObject_GC_UnTrack(t);
        if (PyList_GET_SIZE(list) != n) {
            for (i = 0; i < n; i++) {
                Py_INCREF(Py_None);
                PyTuple_SET_ITEM(t, i, Py_None);
            }
            Py_DECREF(t);
            Py_INCREF(Py_None);
            return Py_None;
        }
        for (i = 0; i < n; i++) {
            PyObject *item = PyList_GET_ITEM(list, i);
            Py_INCREF(item);
            PyTuple_SET_ITEM(t, i, item);
        }
        return t;
    }

    /* Look every field up in a dict whose keys are all exact str, with no allocation and no
       Python code in between (rule 3): ``vals[i]`` gets a strong reference to the value of
       field i, or NULL when absent.  Returns how many fields are present, or -1 (nothing
       held) when a key is not an exact str: Python reads such a dict. */
    static inline __attribute__((always_inline)) Py_ssize_t ecr_lookup_all(PyObject *d, PyObject *names, PyObject **vals) {
        Py_ssize_t pos = 0, i, n = PyTuple_GET_SIZE(names), present = 0;
        PyObject *k, *v;
        while (PyDict_Next(d, &pos, &k, &v)) {
            if (!PyUnicode_CheckExact(k)) return -1;
        }
        for (i = 0; i < n; i++) {
            v = PyDict_GetItemWithError(d, PyTuple_GET_ITEM(names, i));
            if (v == NULL) {
                if (PyErr_Occurred()) {
                    while (i > 0) { i--; Py_XDECREF(vals[i]); vals[i] = NULL; }
                    return -2;
                }
                vals[i] = NULL;
                continue;
            }
            present++;
            Py_INCREF(v);
            vals[i] = v;
        }
        return present;
    }

    /* Read every slot of an instance into ``vals`` (strong references) before anything is
       allocated; 0, with nothing held, if one is unset. */
    static inline __attribute__((always_inline)) int ecr_read_slots(PyObject *obj, const Py_ssize_t *offsets, Py_ssize_t n, PyObject **vals) {
        Py_ssize_t i;
        for (i = 0; i < n; i++) {
            PyObject *v = *(PyObject **)((char *)obj + offsets[i]);
            if (v == NULL) {
                while (i > 0) { i--; Py_DECREF(vals[i]); vals[i] = NULL; }
                return 0;
            }
            Py_INCREF(v);
            vals[i] = v;
        }
        return 1;
    }

    /* Store a new strong reference in ``*at``; the old one is released last. */
    static inline void ecr_swap(PyObject **at, PyObject *v) {
        PyObject *old = *at;
        Py_INCREF(v);
        *at = v;
        Py_XDECREF(old);
    }

    static inline __attribute__((always_inline)) void ecr_release(PyObject **vals, Py_ssize_t n) {
        Py_ssize_t i;
        for (i = 0; i < n; i++) { Py_XDECREF(vals[i]); vals[i] = NULL; }
    }

    /* d[k] = v for an exact str key: runs no Python code (a resize allocates no object). */
    static inline int ecr_dict_put(PyObject *d, PyObject *k, PyObject *v) {
        return PyDict_SetItem(d, k, v);
    }

    static inline PyObject *ecr_or_none(PyObject *v) {
        return v == NULL ? Py_None : v;
    }

    /* Whether the collector could ever need to look at ``v``: false for atoms and untracked objects. */
    static inline int ecr_tracked_fast(PyObject *v) {
        return PyType_HasFeature(Py_TYPE(v), Py_TPFLAGS_HAVE_GC) && PyObject_GC_IsTracked(v);
    }

    /* The value in a slot (borrowed), NULL when unset. */
    static inline PyObject *ecr_peek(PyObject *obj, Py_ssize_t offset) {
        return *(PyObject **)((char *)obj + offset);
    }

    /* Write a slot of a fresh instance at its member offset. */
    static inline void ecr_put(PyObject *obj, Py_ssize_t offset, PyObject *v) {
        Py_INCREF(v);
        *(PyObject **)((char *)obj + offset) = v;
    }

    /* Whether the collector could ever need to look at ``v``: false for atoms and untracked objects. */
    static inline int ecr_tracked(PyObject *v) {
        return PyObject_IS_GC(v) && PyObject_GC_IsTracked(v);
    }

    static inline void ecr_untrack(PyObject *v) {
        PyObject_GC_UnTrack(v);  /* a no-op on an untracked object */
    }

    static inline void ecr_track(PyObject *v) {
        if (!PyObject_GC_IsTracked(v)) PyObject_GC_Track(v);
    }

    static inline PyObject *ecr_alloc(PyTypeObject *t) {
        return t->tp_alloc(t, 0);
    }

    static inline int ecr_exact(PyObject *v, PyTypeObject *t) {
        return t != NULL && Py_TYPE(v) == t;
    }

    static int ecr_datetime_import(void) {
        PyDateTime_IMPORT;
        return PyDateTimeAPI == NULL ? -1 : 0;
    }

    static inline int ecr_fold(PyObject *v) {
        return PyDateTime_DATE_GET_FOLD(v);
    }

    /* The same wall time as the exact datetime ``v``, with ``zone`` as its tzinfo and fold 0. */
    static PyObject *ecr_with_zone(PyObject *v, PyObject *zone) {
        return PyDateTimeAPI->DateTime_FromDateAndTime(
            PyDateTime_GET_YEAR(v), PyDateTime_GET_MONTH(v), PyDateTime_GET_DAY(v),
            PyDateTime_DATE_GET_HOUR(v), PyDateTime_DATE_GET_MINUTE(v),
            PyDateTime_DATE_GET_SECOND(v), PyDateTime_DATE_GET_MICROSECOND(v),
            zone, PyDateTimeAPI->DateTimeType);
    }
    """
    enum:
        PYTHON_KIND "ECR_PYTHON"
        JUDGE "ECR_JUDGE"
        TEXT "ECR_TEXT"
        INTEGER "ECR_INTEGER"
        NUMBER "ECR_NUMBER"
        BOOLEAN "ECR_BOOLEAN"
        TIMESTAMP "ECR_TIMESTAMP"
        BLOB "ECR_BLOB"
        ENUM "ECR_ENUM"
        OBJECT "ECR_OBJECT"
        SEQUENCE "ECR_SEQUENCE"
        MAPPING "ECR_MAPPING"
    ctypedef struct Check "ecr_check":
        int kind
        Py_ssize_t lo
        Py_ssize_t hi
        int has_lo
        int has_hi
        long long vlo
        long long vhi
        PyObject *fast
    int ecr_scalar_ok(const Check *c, PyObject *v)
    bint ecr_text_ok(object v, Py_ssize_t lo, Py_ssize_t hi)
    bint ecr_int_ok(object v, int has_lo, long long lo, int has_hi, long long hi)
    bint ecr_number_ok(object v, int has_lo, long long lo, int has_hi, long long hi)
    bint ecr_blob_ok(object v, Py_ssize_t lo, Py_ssize_t hi)
    PyObject *ecr_tzinfo(object v)
    object ecr_held(Py_ssize_t n)
    void ecr_hold(object t, Py_ssize_t i, object v)
    object ecr_snapshot(object lst)
    Py_ssize_t ecr_lookup_all(object d, object names, PyObject **vals) except -2
    bint ecr_read_slots(object obj, const Py_ssize_t *offsets, Py_ssize_t n, PyObject **vals)
    void ecr_swap(PyObject **at, object v)
    void ecr_release(PyObject **vals, Py_ssize_t n)
    PyObject *ecr_or_none(PyObject *v)
    int ecr_dict_put(object d, PyObject *k, PyObject *v) except -1
    Py_ssize_t PyDict_GET_SIZE(object d)
    bint ecr_tracked_fast(object v)
    PyObject *ecr_peek(object obj, Py_ssize_t offset)
    void ecr_put(object obj, Py_ssize_t offset, object v)
    bint ecr_tracked(object v)
    void ecr_untrack(object v)
    void ecr_track(object v)
    object ecr_alloc(PyTypeObject *t)
    bint ecr_exact(object v, PyTypeObject *t)
    int ecr_datetime_import() except -1
    void ecr_set_utc(object utc)
    bint ecr_fold(object v)
    object ecr_with_zone(object v, object zone)


ecr_datetime_import()
import datetime as _datetime_module

ecr_set_utc(_datetime_module.timezone.utc)


# How a field is unstructured (decided by ecr_attrs._accel too).
cdef enum:
    DUMP_AS_IS = 0
    DUMP_OBJECT = 1
    DUMP_OBJECTS = 2
    DUMP_LIST = 3
    DUMP_MAPPING = 4
    DUMP_PYTHON = 5
    DUMP_ISO = 6
    DUMP_BASE64 = 7

cdef int DEPTH = 64  # deeper input goes to Python (recursive models only)
cdef enum:
    MAX_FIELDS = 64  # a class with more fields is left to Python
cdef int _T_OBJECT_EX = 16

KINDS = {
    "PYTHON_KIND": PYTHON_KIND, "JUDGE": JUDGE, "TEXT": TEXT, "INTEGER": INTEGER, "NUMBER": NUMBER,
    "BOOLEAN": BOOLEAN, "TIMESTAMP": TIMESTAMP, "BLOB": BLOB, "ENUM": ENUM, "OBJECT": OBJECT,
    "SEQUENCE": SEQUENCE, "MAPPING": MAPPING,
}
"""The kind numbers this build reads; ecr_attrs._accel must use the same (a test compares them)."""


cdef struct Slot:
    Py_ssize_t offset
    int kind
    int dump
    bint nullable
    Check check          # the scalar rule, a sequence's element rule or a mapping's value rule
    Check key            # a mapping's key rule
    Py_ssize_t lo        # a sequence's length bounds; hi < 0: none
    Py_ssize_t hi
    PyObject *child      # the Plan of an object or of a sequence's elements (held by Plan.children)


cdef class Core:
    """The compiled structuring and unstructuring of one converter (see ``ecr_attrs._accel.compiled``)."""

    cdef dict plans
    cdef object table
    cdef object python_structure
    cdef object python_unstructure
    cdef object judge
    cdef bint strict
    cdef PyTypeObject *frozendict
    cdef Py_ssize_t frozendict_items
    cdef tuple tzinfos
    cdef object fixed_offset
    cdef object other_instant
    cdef object to_base64
    cdef type timezone
    cdef dict zones
    cdef object tzlocal
    cdef object tzutc
    cdef type datetime
    cdef object utc
    cdef object _keep

    def __init__(self, *, table, python_structure, python_unstructure, judge, strict,
                 frozendict, frozendict_items, tzinfos, fixed_offset, other_instant, to_base64,
                 zones, tzlocal=None, tzutc=None):
        import datetime

        self.plans = {}
        self.table = table
        self.python_structure = python_structure
        self.python_unstructure = python_unstructure
        self.judge = judge
        self.strict = strict
        self.frozendict_items = _member_offset(frozendict_items, frozendict)
        self.frozendict = <PyTypeObject *>frozendict
        self._keep = (frozendict,)
        self.tzinfos = tuple(tzinfos)
        self.fixed_offset = fixed_offset
        self.other_instant = other_instant
        self.to_base64 = to_base64
        self.timezone = datetime.timezone
        self.zones = zones
        self.tzlocal = tzlocal
        self.tzutc = tzutc
        self.datetime = datetime.datetime
        self.utc = datetime.timezone.utc

    def structure_hook(self, cls):
        """The cattrs structure hook of ``cls``, or None when C cannot lay the class out."""
        cdef Plan plan = self.plan(cls)
        return plan.structure if plan.type != NULL else None

    def unstructure_hook(self, cls):
        """The cattrs unstructure hook of ``cls``, or None when C cannot lay the class out."""
        cdef Plan plan = self.plan(cls)
        return plan.unstructure if plan.type != NULL else None

    cpdef Plan plan(self, object cls):
        """The state of ``cls``, made on first use (with the plans of the classes it holds)."""
        found = self.plans.get(cls)
        if found is not None:
            return <Plan>found
        cdef Plan p = Plan()
        self.plans[cls] = p  # before the children: a class may hold itself
        p.core = self
        p.cls = cls
        p.hook = self.python_structure(cls)
        p.py_unstructure = self.python_unstructure(cls)
        table = self.table(cls)
        p.table = table
        if table.fields is None:
            return p
        p.setup(cls, table)
        return p


cdef Py_ssize_t _member_offset(object descr, object owner) except -1:
    """Where a slot lives in an instance; refuses anything but a plain object slot."""
    if type(descr).__name__ != "member_descriptor" or not issubclass(owner, descr.__objclass__):
        raise TypeError(f"{owner.__name__}: {descr!r} is not a slot")
    cdef PyMemberDef *member = (<PyMemberDescrObject *><PyObject *>descr).d_member
    if member.type != _T_OBJECT_EX:
        raise TypeError(f"{owner.__name__}: {descr!r} is not an object slot")
    return member.offset


cdef object _slot_descriptor(object cls, str name):
    for klass in cls.__mro__:
        descr = klass.__dict__.get(name)
        if descr is not None:
            return descr
    raise TypeError(f"{cls.__name__} has no slot {name}")


cdef void _fill_check(Check *c, object check):
    c.kind = PYTHON_KIND
    c.lo = 0
    c.hi = -1
    c.has_lo = 0
    c.has_hi = 0
    c.vlo = 0
    c.vhi = 0
    c.fast = NULL
    if check is None:
        return
    c.kind = check.kind
    if c.kind == INTEGER or c.kind == NUMBER:
        c.has_lo = check.low is not None
        c.has_hi = check.high is not None
        c.vlo = check.low or 0
        c.vhi = check.high or 0
    else:
        c.lo = check.low or 0
        c.hi = -1 if check.high is None else check.high
    if check.fast is not None:
        c.fast = <PyObject *>check.fast


cdef class Plan:
    """One class: its table in C form, and its Python functions for what C does not take."""

    cdef PyTypeObject *type  # NULL: C does not build this class
    cdef Py_ssize_t n
    cdef Slot *slots
    cdef Py_ssize_t *offsets
    cdef Py_ssize_t *order  # required fields first, then optional ones, as Python writes them
    cdef Py_ssize_t extra_offset  # the slot of unknown keys, or -1
    cdef tuple names
    cdef tuple rules
    cdef list children
    cdef Core core
    cdef object table
    cdef readonly object cls
    cdef object hook
    cdef object py_unstructure
    # Unstructuring's key templates (``_dump_template``), made on first use: the last few
    # sets of present fields, as masks over ``order``, each with a dict of those keys.
    cdef list dump_templates
    cdef unsigned long long dump_masks[4]
    cdef int dump_next

    def __cinit__(self):
        self.type = NULL
        self.slots = NULL
        self.offsets = NULL
        self.order = NULL
        self.extra_offset = -1
        self.n = 0

    def __dealloc__(self):
        PyMem_Free(self.slots)
        PyMem_Free(self.offsets)
        PyMem_Free(self.order)

    def __repr__(self):
        return f"<ecr_attrs_speedups plan {self.cls.__name__} {'on' if self.type != NULL else 'off'}>"

    cdef setup(self, object cls, object table):
        import attrs

        from ecr_attrs import _validators as v

        fields = table.fields
        cdef Py_ssize_t n = len(fields), i
        if n > MAX_FIELDS:
            return
        self.slots = <Slot *>PyMem_Malloc(max(n, 1) * sizeof(Slot))
        self.offsets = <Py_ssize_t *>PyMem_Malloc(max(n, 1) * sizeof(Py_ssize_t))
        self.order = <Py_ssize_t *>PyMem_Malloc(max(n, 1) * sizeof(Py_ssize_t))
        if self.slots == NULL or self.offsets == NULL or self.order == NULL:
            raise MemoryError()
        self.children = []
        names = []
        rules = []
        attributes = {a.name: a for a in attrs.fields(cls)}
        cdef Slot *s
        for i in range(n):
            field = fields[i]
            s = &self.slots[i]
            s.offset = self.offsets[i] = _member_offset(_slot_descriptor(cls, field.name), cls)
            s.kind = field.kind
            s.nullable = field.nullable
            _fill_check(&s.check, field.check)
            _fill_check(&s.key, field.key)
            s.lo = field.low or 0
            s.hi = -1 if field.high is None else field.high
            s.child = NULL
            s.dump = field.dump
            if field.child is not None:
                child = self.core.plan(field.child)
                self.children.append(child)
                s.child = <PyObject *>child
            names.append(field.name)
            rule = attributes[field.name].validator
            rules.append(rule.inner if isinstance(rule, v.Nullable) else rule)
        cdef Py_ssize_t k = 0
        for required in (True, False):
            for i in range(n):
                if self.slots[i].nullable != required:
                    self.order[k] = i
                    k += 1
        self.names = tuple(names)
        self.rules = tuple(rules)
        self.n = n
        if table.unknown_keys_slot is not None:
            self.extra_offset = _member_offset(_slot_descriptor(cls, table.unknown_keys_slot), cls)
        self.type = <PyTypeObject *>cls

    def structure(self, data, _=None):
        """Structure a dict into this class; what C does not accept, Python does."""
        try:
            built = _build(self, data, 0)
        except Exception:  # a MemoryError, or a change C noticed: Python reads the input's state
            built = None
        if built is None:
            return self.hook(data)
        return built

    def unstructure(self, obj):
        """This class's instance as the dict boto3 takes."""
        out = _dump(self, obj, 0)
        if out is None:  # refused before any value was consulted (rule 7)
            return self.py_unstructure(obj)
        return out


# -- structuring ---------------------------------------------------------------


cdef bint _is_one_of(type t, tuple types):
    """``t in types`` by identity: a metaclass's ``__eq__`` is user code."""
    cdef Py_ssize_t i
    for i in range(PyTuple_GET_SIZE(types)):
        if <PyObject *>t == PyTuple_GET_ITEM(types, i):
            return True
    return False


cdef object _timestamp(Core core, object v):
    """The stored form of a datetime, ISO 8601 text or epoch number, or None for Python to judge.

    What Python's own fast path does, on values whose reading runs no user code:
    a datetime is normalised only when its tzinfo is a benign type.
    """
    cdef type t = type(v)
    if t is core.datetime:
        zone = <object>ecr_tzinfo(v)
        if zone is core.utc:
            return v
        if zone is None or not _is_one_of(type(zone), core.tzinfos):
            return None
        if not ecr_fold(v):
            fixed = _known_offset(core, zone)
            if fixed is not None:
                return v if fixed is zone else ecr_with_zone(v, fixed)
        return core.fixed_offset(v)
    if t is str or t is int or t is float:
        return core.other_instant(v)
    return None


cdef object _known_offset(Core core, object zone):
    """The canonical ``timezone`` of a dateutil zone whose offset its state fixes, or None.

    What ``_validators.fixed_offset`` reads, read in C: a ``tzlocal`` without
    DST answers its standard offset for every time, a ``tzutc`` zero.  The
    attributes are read without descriptors; anything unexpected is None, and
    Python decides.
    """
    cdef type t = type(zone)
    if t is core.tzutc:
        return core.utc
    if t is not core.tzlocal:
        return None
    try:
        if PyObject_GenericGetAttr(zone, "_hasdst") is not False:
            return None
        offset = PyObject_GenericGetAttr(zone, "_std_offset")
    except AttributeError:
        return None
    if type(offset) is not timedelta:
        return None
    return core.zones.get(offset)  # timedelta hashes and compares in C


cdef object _accept(Core core, Check *c, object v):
    """``v``'s stored form when the check accepts it, else None (Python judges it)."""
    cdef int found = ecr_scalar_ok(c, <PyObject *>v)
    if found == 1:
        return v
    if found == 0:
        return None
    if c.kind == TIMESTAMP:
        return _timestamp(core, v)
    # Text within bounds, without NUL or lone surrogates: its pattern decides.
    return v if (<object>c.fast)(v) is not None else None


cdef bint _benign(Core core, object value, int depth):
    """Whether reading ``value`` (and all it holds) can run no user code (rule 6)."""
    cdef type t = type(value)
    if t is str or t is int or t is float or t is bool or t is bytes or value is None:
        return True
    if depth <= 0:
        return False
    if t is list or t is tuple:
        for item in value:  # Cython reads the size again at every step
            if not _benign(core, item, depth - 1):
                return False
        return True
    if ecr_exact(value, core.frozendict):
        peeked = ecr_peek(value, core.frozendict_items)
        if peeked == NULL:
            return False
        value = <object>peeked
        t = type(value)
    if t is dict:
        for key, item in (<dict>value).items():  # raises if the dict changes meanwhile
            if type(key) is not str or not _benign(core, item, depth - 1):
                return False
        return True
    if t is core.datetime:
        zone = <object>ecr_tzinfo(value)
        return zone is None or _is_one_of(type(zone), core.tzinfos)
    return False


cdef object _judged(Plan p, Py_ssize_t i, object value):
    """The stored form Python's judge gives a benign value, or None: Python then redoes the input."""
    if not _benign(p.core, value, DEPTH):
        return None
    stored, problems = p.core.judge(<object>PyTuple_GET_ITEM(p.rules, i), value, (), None)
    return stored if problems is None else None


cdef object _build(Plan p, object data, int depth):
    """An instance built from a dict C accepts in full, or None."""
    if p.type == NULL or type(data) is not dict or depth > DEPTH:
        return None
    # The values, held by the core on its own stack: no callback can reach them (rule 3).
    cdef PyObject *vals[MAX_FIELDS]
    cdef Py_ssize_t present = ecr_lookup_all(data, p.names, vals)
    if present < 0:
        return None
    try:
        # The one decision about keys that name no field: strict mode refuses them, and models
        # that keep them (UNKNOWN_KEYS_SLOT) keep them in Python; otherwise they are ignored.
        if present != PyDict_GET_SIZE(data) and (p.core.strict or p.extra_offset >= 0):
            return None
        return _fill(p, vals, depth)
    finally:
        ecr_release(vals, p.n)


cdef object _fill(Plan p, PyObject **vals, int depth):
    """Check and store the looked-up values; an instance, or None."""
    cdef Core core = p.core
    cdef Py_ssize_t n = p.n, i
    cdef Slot *s
    cdef bint tracked = False
    cdef int kind
    for i in range(n):
        s = &p.slots[i]
        if vals[i] == NULL or vals[i] == <PyObject *>None:
            if not s.nullable:
                return None  # Python words "required field missing" or "is None"
            continue
        kind = s.kind
        if TEXT <= kind <= ENUM and ecr_scalar_ok(&s.check, vals[i]) == 1:
            continue  # an atom, stored as it is: the common case costs no Python object
        value = <object>vals[i]
        if kind == OBJECT:
            stored = _build(<Plan>s.child, value, depth + 1)
        elif kind == SEQUENCE:
            stored = _sequence(p, s, value, depth)
        elif kind == MAPPING:
            stored = _mapping(core, s, value)
        elif kind == JUDGE:
            stored = _judged(p, i, value)
        elif kind == PYTHON_KIND:
            return None
        else:
            stored = _accept(core, &s.check, value)
            if stored is None:
                stored = _judged(p, i, value)
        if stored is None:
            return None
        if stored is not value:
            ecr_swap(&vals[i], stored)
        if not tracked and ecr_tracked_fast(stored):
            tracked = True
    obj = ecr_alloc(p.type)
    for i in range(n):
        ecr_put(obj, p.offsets[i], <object>ecr_or_none(vals[i]))
    if p.extra_offset >= 0:
        ecr_put(obj, p.extra_offset, None)
    if not tracked:
        ecr_untrack(obj)
    return obj


cdef object _sequence(Plan p, Slot *s, object value, int depth):
    """A list or tuple as the tuple Python stores, or None."""
    cdef type t = type(value)
    if t is list:
        items = ecr_snapshot(value)
        if items is None:
            return None  # it changed while being copied (rule 4)
    elif t is tuple:
        items = value
    else:
        return None
    cdef Py_ssize_t n = PyTuple_GET_SIZE(items), j
    if n < s.lo or (s.hi >= 0 and n > s.hi):
        return None
    cdef bint tracked = False
    if s.child != NULL:
        out = ecr_held(n)
        for j in range(n):
            built = _build(<Plan>s.child, <object>PyTuple_GET_ITEM(items, j), depth + 1)
            if built is None:
                return None
            ecr_hold(out, j, built)
            if not tracked and ecr_tracked(built):
                tracked = True
        if tracked:
            ecr_track(out)
        return out
    cdef Core core = p.core
    if s.check.kind == TIMESTAMP:
        out = ecr_held(n)
        for j in range(n):
            stored = _accept(core, &s.check, <object>PyTuple_GET_ITEM(items, j))
            if stored is None:
                return None
            ecr_hold(out, j, stored)
        return out
    cdef int found
    for j in range(n):
        found = ecr_scalar_ok(&s.check, PyTuple_GET_ITEM(items, j))
        if found == 0 or (found < 0 and _accept(core, &s.check, <object>PyTuple_GET_ITEM(items, j)) is None):
            return None
    return items  # a snapshot of atoms, untracked; or the caller's own tuple, as Python keeps it


cdef object _mapping(Core core, Slot *s, object value):
    """A dict (or a FrozenDict) of checked keys and values as a FrozenDict of a copy, or None."""
    if ecr_exact(value, core.frozendict):
        peeked = ecr_peek(value, core.frozendict_items)
        if peeked == NULL:
            return None
        value = <object>peeked
    if type(value) is not dict:
        return None
    copy = (<dict>value).copy()  # the core's own snapshot (rule 3)
    ecr_untrack(copy)
    cdef Py_ssize_t pos = 0
    cdef PyObject *k
    cdef PyObject *x
    while PyDict_Next(copy, &pos, &k, &x):
        if ecr_scalar_ok(&s.key, k) == 1 and ecr_scalar_ok(&s.check, x) == 1:
            continue
        key = <object>k  # held: a pattern's match may run the collector
        item = <object>x
        if _accept(core, &s.key, key) is None or _accept(core, &s.check, item) is None:
            return None
    out = ecr_alloc(core.frozendict)
    ecr_put(out, core.frozendict_items, copy)
    ecr_untrack(out)  # a dict of atoms, untracked as CPython leaves such dicts
    return out


# -- unstructuring ---------------------------------------------------------------


cdef extern from *:
    """
    /* Two decimal digits of ``x`` at ``at``. */
    static inline char *ecr_two(char *at, int x) {
        at[0] = (char)('0' + x / 10);
        at[1] = (char)('0' + x % 10);
        return at + 2;
    }

    /* A UTC datetime as datetime.isoformat() writes it: "YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00". */
    static PyObject *ecr_iso_utc(PyObject *v) {
        char buf[32], *at = buf;
        int year = PyDateTime_GET_YEAR(v), us = PyDateTime_DATE_GET_MICROSECOND(v);
        at = ecr_two(at, year / 100);
        at = ecr_two(at, year % 100);
        *at++ = '-';
        at = ecr_two(at, PyDateTime_GET_MONTH(v));
        *at++ = '-';
        at = ecr_two(at, PyDateTime_GET_DAY(v));
        *at++ = 'T';
        at = ecr_two(at, PyDateTime_DATE_GET_HOUR(v));
        *at++ = ':';
        at = ecr_two(at, PyDateTime_DATE_GET_MINUTE(v));
        *at++ = ':';
        at = ecr_two(at, PyDateTime_DATE_GET_SECOND(v));
        if (us) {
            *at++ = '.';
            at = ecr_two(at, us / 10000);
            at = ecr_two(at, us / 100 % 100);
            at = ecr_two(at, us % 100);
        }
        memcpy(at, "+00:00", 6);
        return PyUnicode_FromStringAndSize(buf, (at + 6) - buf);
    }


    static inline PyObject *ecr_type_of(PyObject *v) { return (PyObject *)Py_TYPE(v); }
    """
    object ecr_iso_utc(object v)
    PyObject *ecr_type_of(PyObject *v)
    dict PyDict_Copy(object d)


cdef object _dump(Plan p, object obj, int depth):
    """The dict boto3 takes, or None when C refuses the object before consulting any value.

    Slots are read one at a time, in the order Python writes them, each held
    while it is used; an atom goes into the dict with no Python code between the
    read and the store.  Which fields are present is noted first, to size the
    dict once (``_dump_template``); a field whose presence changed meanwhile (a
    callback rewrote its slot) sends the object to Python, which no value was
    consulted by yet (rule 7).
    """
    if p.type == NULL or not ecr_exact(obj, p.type) or depth > DEPTH:
        return None
    if p.extra_offset >= 0:
        extra = ecr_peek(obj, p.extra_offset)
        if extra == NULL or <object>extra is not None:
            return None  # keys the object keeps beyond its fields: Python writes them
    cdef Py_ssize_t n = p.n, k, i
    cdef unsigned long long mask = _dump_present(p, obj)
    cdef dict out = _dump_template(p, mask)
    cdef Slot *s
    cdef int dump
    cdef PyObject *peeked
    for k in range(n):
        i = p.order[k]
        s = &p.slots[i]
        peeked = ecr_peek(obj, p.offsets[i])
        if peeked == NULL:
            return None  # an unset slot: Python raises its AttributeError
        if peeked == <PyObject *>None and s.nullable:
            if mask & (1ULL << k):
                return None
            continue
        if not mask & (1ULL << k):
            return None
        dump = s.dump
        if dump == DUMP_AS_IS:
            ecr_dict_put(out, PyTuple_GET_ITEM(p.names, i), peeked)
            continue
        if not _dump_takes(p.core, s, peeked):
            return None
        value = <object>peeked
        if dump == DUMP_OBJECT:
            dumped = _dump(<Plan>s.child, value, depth + 1)
        elif dump == DUMP_OBJECTS:
            dumped = _dump_objects(<Plan>s.child, value, depth)
        elif dump == DUMP_LIST:
            dumped = list(<tuple>value)
        elif dump == DUMP_MAPPING:
            dumped = _dump_mapping(p.core, value)
        elif dump == DUMP_ISO:
            dumped = _iso(p.core, value)
        else:
            # DUMP_BASE64: Python's to_base64 on an exact bytes or str runs no user code.
            dumped = p.core.to_base64(value)
        if dumped is None:
            return None
        ecr_dict_put(out, PyTuple_GET_ITEM(p.names, i), <PyObject *>dumped)
    return out


cdef inline unsigned long long _dump_present(Plan p, object obj) noexcept:
    """The fields that go into the dict, as bits in ``order``: all but the None of nullable
    ones (an unset slot counts as present; the write refuses it).  Runs no Python code."""
    cdef Py_ssize_t k, i
    cdef unsigned long long present = 0
    cdef PyObject *v
    for k in range(p.n):
        i = p.order[k]
        v = ecr_peek(obj, p.offsets[i])
        if v != <PyObject *>None or not p.slots[i].nullable:
            present |= 1ULL << k
    return present


cdef inline bint _dump_takes(Core core, Slot *s, PyObject *v) noexcept:
    """Whether C copies ``v`` in the form of its slot: exact types only, read without Python code."""
    cdef int dump = s.dump
    cdef PyObject *t = ecr_type_of(v)
    if dump == DUMP_OBJECT:
        return ecr_exact(<object>v, (<Plan>s.child).type)
    if dump == DUMP_OBJECTS or dump == DUMP_LIST:
        return t == <PyObject *>tuple
    if dump == DUMP_MAPPING:
        return ecr_exact(<object>v, core.frozendict)
    if dump == DUMP_ISO:
        return t == <PyObject *>core.datetime and ecr_type_of(ecr_tzinfo(<object>v)) == <PyObject *>core.timezone
    if dump == DUMP_BASE64:
        return t == <PyObject *>bytes or t == <PyObject *>str
    return False


cdef dict _dump_template(Plan p, unsigned long long mask):
    """A new dict for the present fields: with more than five, their keys in order, each
    mapped to None.

    Copying a template the plan keeps sizes the dict once, where inserting more
    than five keys one by one would grow it once or twice; up to five fit the
    first size, cheaper than a copy.  The plan keeps the last four key sets it
    saw: objects of one class mostly leave out the same fields.
    """
    cdef int j
    if _bits(mask) <= 5:
        return {}
    if p.dump_templates is None:
        p.dump_templates = [None, None, None, None]
    for j in range(4):
        if p.dump_masks[j] == mask:
            template = p.dump_templates[j]
            if template is not None:
                return PyDict_Copy(template)
    cdef dict made = {}
    cdef Py_ssize_t k
    for k in range(p.n):
        if mask & (1ULL << k):
            made[<str>PyTuple_GET_ITEM(p.names, p.order[k])] = None
    j = p.dump_next
    p.dump_next = (j + 1) % 4
    p.dump_masks[j] = mask
    p.dump_templates[j] = made
    return PyDict_Copy(made)


cdef inline int _bits(unsigned long long mask) noexcept:
    cdef int count = 0
    while mask:
        mask &= mask - 1
        count += 1
    return count


cdef object _iso(Core core, object value):
    """A stored datetime (exact, with a fixed-offset timezone) as ISO 8601 text, as Python writes it."""
    if ecr_tzinfo(value) == <PyObject *>core.utc:
        return ecr_iso_utc(value)
    return value.isoformat()


cdef object _dump_objects(Plan child, object value, int depth):
    """A tuple of objects (an exact tuple, held by the caller) as a list of their dicts."""
    cdef Py_ssize_t n = PyTuple_GET_SIZE(value), j
    out = [None] * n
    ecr_untrack(out)  # out of reach of gc callbacks while it is filled (rule 3)
    for j in range(n):
        dumped = _dump(child, <object>PyTuple_GET_ITEM(value, j), depth + 1)
        if dumped is None:
            return None
        out[j] = dumped
    ecr_track(out)  # it holds dicts: the collector must see it like any list
    return out


cdef object _dump_mapping(Core core, object value):
    """A FrozenDict (exact, held by the caller) as a copy of the dict it keeps."""
    peeked = ecr_peek(value, core.frozendict_items)
    if peeked == NULL or type(<object>peeked) is not dict:
        return None
    return (<dict><object>peeked).copy()
