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
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.set cimport PySet_Contains
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.object cimport PyObject, PyObject_GenericGetAttr, PyTypeObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE

cdef extern from "Python.h":
    bint PyCFunction_CheckExact(object op)
    PyObject *PyCFunction_GET_SELF(object op)

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

    /* Which field a key names, as the last dict of this class had it at the same position.
       ``key`` is a strong reference (NULL: nothing seen yet), so an equal address is the same
       str: matching it costs no hashing and no comparison of text. */
    typedef struct {
        PyObject *key;
        Py_ssize_t field;   /* -1: the key names no field */
    } ecr_seen;

    /* The field ``k`` (an exact str) names in ``index`` (a dict of exact str to int), or -1.
       Both are exact str: hashing and comparing them runs no Python code. */
    static inline Py_ssize_t ecr_field_of(PyObject *index, PyObject *k) {
        PyObject *at = PyDict_GetItemWithError(index, k);
        return at == NULL ? -1 : PyLong_AsSsize_t(at);
    }

    /* The entries of a dict, read in place where CPython's layout of them is known (3.11 and
       3.12, and only once ``ecr_check_dict_layout`` saw it agree with PyDict_Next): a table
       of str keys holding its own values, ``count`` entries, an empty one with value NULL.
       NULL otherwise, and PyDict_Next reads the dict.  Reading runs no code at all. */
    typedef struct {
        PyObject *key;
        PyObject *value;
    } ecr_entry;

    static int ecr_dict_layout_known = 0;

    #if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
    typedef struct {          /* the head of a dict's key table in CPython 3.11 and 3.12 */
        Py_ssize_t refcnt;
        uint8_t log2_size;
        uint8_t log2_index_bytes;
        uint8_t kind;         /* 1: every key is an exact str, entries are (key, value) */
        uint32_t version;
        Py_ssize_t usable;
        Py_ssize_t nentries;
        char indices[];       /* 1 << log2_index_bytes bytes, then the entries */
    } ecr_dict_keys;

    static inline ecr_entry *ecr_entries(PyObject *d, Py_ssize_t *count) {
        PyDictObject *mp = (PyDictObject *)d;
        ecr_dict_keys *keys;
        if (!ecr_dict_layout_known || mp->ma_values != NULL) return NULL;
        keys = (ecr_dict_keys *)mp->ma_keys;
        if (keys->kind != 1) return NULL;
        *count = keys->nentries;
        return (ecr_entry *)(keys->indices + ((size_t)1 << keys->log2_index_bytes));
    }
    #else
    static inline ecr_entry *ecr_entries(PyObject *d, Py_ssize_t *count) {
        (void)d; *count = 0;
        return NULL;
    }
    #endif

    /* Whether reading entries in place gives what PyDict_Next gives, for the dicts in ``probes``
       (a tuple of dicts); turns the in-place reading on only if it does for all. */
    static int ecr_check_dict_layout(PyObject *probes) {
        Py_ssize_t i, pos, count, e;
        PyObject *k, *v;
        ecr_entry *entries;
        ecr_dict_layout_known = 1;
        for (i = 0; i < PyTuple_GET_SIZE(probes); i++) {
            PyObject *d = PyTuple_GET_ITEM(probes, i);
            entries = ecr_entries(d, &count);
            if (entries == NULL) { ecr_dict_layout_known = 0; break; }
            pos = 0;
            e = 0;
            while (PyDict_Next(d, &pos, &k, &v)) {
                while (e < count && entries[e].value == NULL) e++;
                if (e >= count || entries[e].key != k || entries[e].value != v) {
                    ecr_dict_layout_known = 0;
                    break;
                }
                e++;
            }
            while (e < count && entries[e].value == NULL) e++;
            if (e != count) ecr_dict_layout_known = 0;
            if (!ecr_dict_layout_known) break;
        }
        return ecr_dict_layout_known;
    }

    /* One entry of a dict being looked up: the field its key names gets its value. 0, or -1
       when the key is not an exact str.  Runs no Python code. */
    static inline __attribute__((always_inline)) int ecr_take(
            PyObject *k, PyObject *v, Py_ssize_t j, PyObject *index, ecr_seen *seen, Py_ssize_t nseen,
            PyObject **vals, Py_ssize_t *present) {
        Py_ssize_t f;
        if (j < nseen && seen[j].key == k) {
            f = seen[j].field;
        } else {
            if (!PyUnicode_CheckExact(k)) return -1;
            f = ecr_field_of(index, k);
            if (j < nseen) {
                /* The old key is an exact str: releasing it runs no Python code. */
                PyObject *old = seen[j].key;
                Py_INCREF(k);
                seen[j].key = k;
                seen[j].field = f;
                Py_XDECREF(old);
            }
        }
        if (f >= 0) {
            Py_INCREF(v);
            vals[f] = v;
            (*present)++;
        }
        return 0;
    }

    /* 1 when every key and value of ``d`` passes its check as it is, else 0 (some need more
       work, or a refusal).  Runs no Python code. */
    static inline int ecr_all_atoms(PyObject *d, const ecr_check *key, const ecr_check *value) {
        Py_ssize_t pos = 0, e, count;
        PyObject *k, *v;
        ecr_entry *entries = ecr_entries(d, &count);
        if (entries != NULL) {
            for (e = 0; e < count; e++) {
                if (entries[e].value == NULL) continue;
                if (ecr_scalar_ok(key, entries[e].key) != 1 || ecr_scalar_ok(value, entries[e].value) != 1) return 0;
            }
            return 1;
        }
        while (PyDict_Next(d, &pos, &k, &v)) {
            if (ecr_scalar_ok(key, k) != 1 || ecr_scalar_ok(value, v) != 1) return 0;
        }
        return 1;
    }

    /* dict[k] = v, where ``d`` is a copy of a dump template (``_dump_template``) not yet seen
       by any code but the core's, and ``k`` its key ``i``: the value is written into that entry
       in place, with no hashing and no probing, when the entry is where the layout says and
       still holds the template's None; otherwise PyDict_SetItem does it.  Each write checks
       afresh, so a dict that changed in between is only ever written through the API.  Runs
       no Python code (the None given back is never freed). */
    static inline int ecr_dict_put_at(PyObject *d, Py_ssize_t i, PyObject *k, PyObject *v) {
        Py_ssize_t count;
        ecr_entry *entries = ecr_entries(d, &count);
        if (entries != NULL && i < count && entries[i].key == k && entries[i].value == Py_None) {
            Py_INCREF(v);
            entries[i].value = v;
            Py_DECREF(Py_None);
            return 0;
        }
        return PyDict_SetItem(d, k, v);
    }

    /* Whether a dict holding ``v`` must be seen by the collector: CPython's own rule for dict
       values (only an untracked exact tuple, or an object outside the collector, is exempt). */
    static inline int ecr_needs_tracking(PyObject *v) {
        if (!PyType_IS_GC(Py_TYPE(v))) return 0;
        return !PyTuple_CheckExact(v) || PyObject_GC_IsTracked(v);
    }

    /* Look every field up in a dict whose keys are all exact str, with no allocation and no
       Python code in between (rule 3): one pass over its entries, each key matched by address
       against ``seen`` (what the same position held last time), else found in ``index`` and
       remembered.  ``vals[i]`` gets a strong reference to the value of field i, or NULL when
       absent.  Returns how many keys name a field, or -1 (nothing held) when a key is not an
       exact str: Python reads such a dict. */
    static inline __attribute__((always_inline)) Py_ssize_t ecr_lookup_all(
            PyObject *d, PyObject *index, ecr_seen *seen, Py_ssize_t nseen, Py_ssize_t n, PyObject **vals) {
        Py_ssize_t pos = 0, i, j = 0, e, count, present = 0;
        PyObject *k, *v;
        ecr_entry *entries = ecr_entries(d, &count);
        for (i = 0; i < n; i++) vals[i] = NULL;
        if (entries != NULL) {
            for (e = 0; e < count; e++) {
                if (entries[e].value == NULL) continue;  /* a deleted entry */
                if (ecr_take(entries[e].key, entries[e].value, j++, index, seen, nseen, vals, &present) < 0) goto refused;
            }
            return present;
        }
        while (PyDict_Next(d, &pos, &k, &v)) {
            if (ecr_take(k, v, j++, index, seen, nseen, vals, &present) < 0) goto refused;
        }
        return present;
    refused:
        for (i = 0; i < n; i++) { Py_XDECREF(vals[i]); vals[i] = NULL; }
        return -1;
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

    /* Give the values to the slots of a fresh instance (None for an absent one): the
       references ``vals`` held are the object's now.  Runs no Python code. */
    static inline __attribute__((always_inline)) void ecr_move_all(PyObject *obj, const Py_ssize_t *offsets, PyObject **vals, Py_ssize_t n) {
        Py_ssize_t i;
        for (i = 0; i < n; i++) {
            PyObject *v = vals[i];
            if (v == NULL) { Py_INCREF(Py_None); v = Py_None; }
            *(PyObject **)((char *)obj + offsets[i]) = v;
            vals[i] = NULL;
        }
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

    /* Whether an instance of ``t`` is its object header followed by exactly the ``n`` slots at
       ``offsets`` (each once) and, when ``other`` >= 0, the slot at ``other``, and nothing else:
       no dict, no weak references, no items, the allocation type.__new__ makes.  Only then may
       ecr_alloc_bare leave the body unwritten. */
    static int ecr_body_is_slots(PyTypeObject *t, const Py_ssize_t *offsets, Py_ssize_t n, Py_ssize_t other) {
        Py_ssize_t i, j, start = (Py_ssize_t)sizeof(PyObject), count = n + (other >= 0);
        if (t->tp_alloc != PyType_GenericAlloc || !PyType_HasFeature(t, Py_TPFLAGS_HAVE_GC)
            || t->tp_itemsize != 0 || t->tp_dictoffset != 0 || t->tp_weaklistoffset != 0
            || t->tp_basicsize != start + count * (Py_ssize_t)sizeof(PyObject *)) return 0;
        if (other >= 0) {
            if (other < start || other >= t->tp_basicsize
                || (other - start) % (Py_ssize_t)sizeof(PyObject *) != 0) return 0;
            for (j = 0; j < n; j++) if (offsets[j] == other) return 0;
        }
    #ifdef Py_TPFLAGS_MANAGED_DICT
        if (PyType_HasFeature(t, Py_TPFLAGS_MANAGED_DICT)) return 0;
    #endif
    #ifdef Py_TPFLAGS_MANAGED_WEAKREF
        if (PyType_HasFeature(t, Py_TPFLAGS_MANAGED_WEAKREF)) return 0;
    #endif
        for (i = 0; i < n; i++) {
            if (offsets[i] < start || offsets[i] >= t->tp_basicsize
                || (offsets[i] - start) % (Py_ssize_t)sizeof(PyObject *) != 0) return 0;
            for (j = 0; j < i; j++) if (offsets[j] == offsets[i]) return 0;
        }
        return 1;
    }

    /* Leave a slot of a fresh bare instance unset, as type.__new__ leaves it. */
    static inline void ecr_leave_unset(PyObject *obj, Py_ssize_t offset) {
        *(PyObject **)((char *)obj + offset) = NULL;
    }

    /* A new instance of a class ecr_body_is_slots accepted, untracked, with its slots NOT yet
       written: the caller stores every slot before anything else runs (no call, no allocation),
       so nothing can see or free it half made.  It skips type.__new__'s zeroing and tracking. */
    static inline PyObject *ecr_alloc_bare(PyTypeObject *t) {
        return (PyObject *)_PyObject_GC_New(t);
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
    ctypedef struct Seen "ecr_seen":
        PyObject *key
        Py_ssize_t field
    Py_ssize_t ecr_lookup_all(object d, object index, Seen *seen, Py_ssize_t nseen, Py_ssize_t n, PyObject **vals)
    bint ecr_read_slots(object obj, const Py_ssize_t *offsets, Py_ssize_t n, PyObject **vals)
    void ecr_swap(PyObject **at, object v)
    void ecr_release(PyObject **vals, Py_ssize_t n)
    void ecr_move_all(object obj, const Py_ssize_t *offsets, PyObject **vals, Py_ssize_t n)
    int ecr_dict_put_at(object d, Py_ssize_t i, PyObject *k, PyObject *v) except -1
    bint ecr_needs_tracking(PyObject *v)
    Py_ssize_t PyDict_GET_SIZE(object d)
    bint ecr_tracked_fast(object v)
    PyObject *ecr_peek(object obj, Py_ssize_t offset)
    void ecr_put(object obj, Py_ssize_t offset, object v)
    bint ecr_tracked(object v)
    void ecr_untrack(object v)
    void ecr_track(object v)
    object ecr_alloc(PyTypeObject *t)
    bint ecr_body_is_slots(PyTypeObject *t, const Py_ssize_t *offsets, Py_ssize_t n, Py_ssize_t other)
    void ecr_leave_unset(object obj, Py_ssize_t offset)
    object ecr_alloc_bare(PyTypeObject *t)
    bint ecr_exact(object v, PyTypeObject *t)
    int ecr_datetime_import() except -1
    void ecr_set_utc(object utc)
    bint ecr_check_dict_layout(object probes)
    bint ecr_all_atoms(object d, const Check *key, const Check *value)
    bint ecr_fold(object v)
    object ecr_with_zone(object v, object zone)


ecr_datetime_import()
import datetime as _datetime_module

ecr_set_utc(_datetime_module.timezone.utc)


def _layout_probes():
    """Dicts built as the core meets them: literal, grown one key at a time, with holes."""
    grown = {}
    for i in range(40):
        grown[f"key{i}"] = i
    holed = dict(grown)
    for i in range(0, 40, 3):
        del holed[f"key{i}"]
    return ({}, {"a": 1, "b": None}, grown, holed, dict.fromkeys("xyz"), {"one": [1]}.copy())


DICT_LAYOUT_KNOWN = ecr_check_dict_layout(_layout_probes())
"""Whether the core reads dict entries in place (else through PyDict_Next, the same entries)."""


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
    SPARE_POSITIONS = 2  # dict positions remembered beyond a class's fields (keys it ignores)
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
    cdef bint frozendict_bare  # a FrozenDict is its header and its one slot (``ecr_body_is_slots``)
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
    # The timestamp path's zone types and the utcoffset methods it relies on (see _offset_of).
    cdef object zoneinfo
    cdef object tzoffset
    cdef tuple zone_methods
    cdef tuple pytz_types
    cdef tuple pytz_methods
    cdef object find_pytz
    cdef tuple tzlocal_methods   # what a tzlocal with DST answers with: its methods, as dateutil wrote them
    cdef dict time_globals       # the time module's namespace (localtime, timezone)
    cdef dict dateutil_globals   # dateutil.tz.tz's namespace
    cdef tuple globals_seen      # (time module, _datetime_to_timestamp, EPOCH, time.localtime) when the core was made

    def __init__(self, *, table, python_structure, python_unstructure, judge, strict,
                 frozendict, frozendict_items, tzinfos, fixed_offset, other_instant, to_base64,
                 zones, tzlocal=None, tzutc=None, tzoffset=None, find_pytz=None):
        import datetime

        self.plans = {}
        self.table = table
        self.python_structure = python_structure
        self.python_unstructure = python_unstructure
        self.judge = judge
        self.strict = strict
        self.frozendict_items = _member_offset(frozendict_items, frozendict)
        self.frozendict = <PyTypeObject *>frozendict
        self.frozendict_bare = ecr_body_is_slots(self.frozendict, &self.frozendict_items, 1, -1)
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
        self._zone_types(tzoffset, find_pytz)

    def _zone_types(self, tzoffset, find_pytz):
        """Learn the zone classes C reads, and the methods they answer with now."""
        self.zoneinfo = None
        if _zoneinfo_utcoffset is not None:
            kind = _zoneinfo_module.ZoneInfo
            if kind.__flags__ & _IMMUTABLE_TYPE and type(_zoneinfo_utcoffset).__name__ == "method_descriptor":
                self.zoneinfo = kind  # the C implementation: its methods cannot be replaced
        self.tzoffset = tzoffset
        self.zone_methods = tuple(_own_method(t) for t in (self.tzutc, tzoffset))
        self._learn_tzlocal()
        self.find_pytz = find_pytz
        self.pytz_types = self.pytz_methods = ()
        self._learn_pytz()

    def _learn_tzlocal(self):
        """What dateutil's tzlocal consults to answer for a zone with DST, as it is now."""
        import sys
        import time

        self.tzlocal_methods = None
        kind = self.tzlocal
        module = sys.modules.get(getattr(kind, "__module__", None) or "")
        if kind is None or module is None:
            return
        names = module.__dict__
        self.tzlocal_methods = tuple(_resolved(kind, name) for name in _TZLOCAL_METHODS)
        self.time_globals = time.__dict__
        self.dateutil_globals = names
        self.globals_seen = (time, names.get("_datetime_to_timestamp"), names.get("EPOCH"), time.localtime)

    def _learn_pytz(self):
        """pytz's zone classes, once pytz is imported (``find_pytz`` looks in ``sys.modules``)."""
        found = tuple(self.find_pytz()) if self.find_pytz is not None else ()
        if len(found) == 3:
            self.pytz_types = found
            self.pytz_methods = tuple(_own_method(t) for t in found)
            self.find_pytz = None

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
    cdef Slot **written  # the slots in ``order``, for unstructuring's one pass
    cdef PyObject **written_names  # their keys in ``order``, borrowed from ``names``
    cdef Py_ssize_t extra_offset  # the slot of unknown keys, or -1
    cdef Py_ssize_t unset_offset  # the slot of unknown keys when this converter leaves it unset, or -1
    cdef tuple names
    cdef dict index  # field name -> field number
    cdef Seen *seen  # the keys of the last dict read, by position (strong references)
    cdef Py_ssize_t nseen
    cdef tuple rules
    cdef list children
    cdef Core core
    cdef object table
    cdef readonly object cls
    cdef object hook
    cdef object py_unstructure
    # Unstructuring's key templates (``_dump_template``), made on first use: the last few
    # sets of present fields, as masks over ``order``, each with a dict of those keys.  The
    # dicts are held as bare references, which the collector does not follow, so no
    # ``gc.get_referents`` can reach them to change them.
    cdef PyObject *dump_templates[4]
    cdef unsigned long long dump_masks[4]
    cdef int dump_next
    cdef bint atoms  # at most five fields, each written as it is stored (``_dump_atoms``)
    cdef bint bare  # an instance is its header and the fields' slots only (``ecr_body_is_slots``)

    def __cinit__(self):
        self.type = NULL
        self.slots = NULL
        self.offsets = NULL
        self.order = NULL
        self.written = NULL
        self.written_names = NULL
        self.extra_offset = -1
        self.unset_offset = -1
        self.n = 0
        self.atoms = False
        self.bare = False
        self.seen = NULL
        self.nseen = 0
        cdef int j
        for j in range(4):
            self.dump_templates[j] = NULL
            self.dump_masks[j] = 0

    def __dealloc__(self):
        cdef Py_ssize_t j
        for j in range(self.nseen):
            Py_XDECREF(self.seen[j].key)
        for j in range(4):
            Py_XDECREF(self.dump_templates[j])  # a dict of str and None: freeing it runs no code
        PyMem_Free(self.seen)
        PyMem_Free(self.slots)
        PyMem_Free(self.offsets)
        PyMem_Free(self.order)
        PyMem_Free(self.written)
        PyMem_Free(self.written_names)

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
        self.written = <Slot **>PyMem_Malloc(max(n, 1) * sizeof(Slot *))
        self.written_names = <PyObject **>PyMem_Malloc(max(n, 1) * sizeof(PyObject *))
        if (
            self.slots == NULL or self.offsets == NULL or self.order == NULL
            or self.written == NULL or self.written_names == NULL
        ):
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
        for k in range(n):
            self.written[k] = &self.slots[self.order[k]]
            self.written_names[k] = PyTuple_GET_ITEM(self.names, self.order[k])
        self.index = {name: i for i, name in enumerate(names)}
        self.rules = tuple(rules)
        self._remember_positions(n + SPARE_POSITIONS)
        self.n = n
        if table.unknown_keys_slot is not None:
            self.extra_offset = _member_offset(_slot_descriptor(cls, table.unknown_keys_slot), cls)
        self.atoms = n <= 5 and self.extra_offset < 0
        if table.unset_slot is not None:
            self.unset_offset = _member_offset(_slot_descriptor(cls, table.unset_slot), cls)
        self.bare = self.extra_offset < 0 and ecr_body_is_slots(
            <PyTypeObject *>cls, self.offsets, n, self.unset_offset
        )
        for i in range(n):
            if self.slots[i].dump != DUMP_AS_IS:
                self.atoms = False
        self.type = <PyTypeObject *>cls

    cdef _remember_positions(self, Py_ssize_t count):
        """Room for the keys of ``count`` dict positions, none seen yet."""
        self.seen = <Seen *>PyMem_Malloc(count * sizeof(Seen))
        if self.seen == NULL:
            raise MemoryError()
        cdef Py_ssize_t j
        for j in range(count):
            self.seen[j].key = NULL
            self.seen[j].field = -1
        self.nseen = count

    def structure(self, data, _=None):
        """Structure a dict into this class; what C does not accept, Python does."""
        return _structured(self, data)

    def unstructure(self, obj):
        """This class's instance as the dict boto3 takes."""
        return _unstructured(self, obj)


cdef object _structured(Plan p, object data):
    try:
        built = _build(p, data, 0)
    except Exception:  # a MemoryError, or a change C noticed: Python reads the input's state
        built = None
    if built is None:
        return p.hook(data)
    return built


cdef object _unstructured(Plan p, object obj):
    out = _dump(p, obj, 0)
    if out is None:  # refused before any value was consulted (rule 7)
        return p.py_unstructure(obj)
    return out


# -- a converter's entry points ----------------------------------------------------


cdef class Entry:
    """A converter's ``structure`` and ``unstructure``: each class's hook is asked of the
    converter once and kept in a table until ``forget``, which the converter calls
    whenever a hook is registered (cattrs empties its own cache then).

    A hook that is a compiled class's own is kept as its plan and run here, with
    no Python frame between the caller and C; any other hook is called as cattrs
    calls it.  ``ecr_attrs._entry.Entry`` is the same in Python.
    """

    cdef dict structures
    cdef dict unstructures
    cdef object find_structure
    cdef object find_unstructure

    def __init__(self, find_structure, find_unstructure):
        self.find_structure = find_structure
        self.find_unstructure = find_unstructure
        self.forget()

    def forget(self):
        """Drop every hook found so far: the next call of each class asks the converter again."""
        self.structures = {}
        self.unstructures = {}

    def structure(self, obj, cl):
        found = self.structures.get(cl)
        if found is None:
            found = _learn(self.structures, self.find_structure(cl), cl, True)
        if type(found) is Plan:
            return _structured(<Plan>found, obj)
        return found(obj, cl)

    def unstructure(self, obj, unstructure_as=None):
        if unstructure_as is None:
            # A plan is kept only for a generated class, whose instances' ``__class__`` is their type.
            found = self.unstructures.get(type(obj))
            if type(found) is Plan:
                return _unstructured(<Plan>found, obj)
            unstructure_as = obj.__class__
        found = self.unstructures.get(unstructure_as)
        if found is None:
            found = _learn(self.unstructures, self.find_unstructure(unstructure_as), unstructure_as, False)
        if type(found) is Plan:
            return _unstructured(<Plan>found, obj)
        return found(obj)


cdef object _learn(dict table, object hook, object cl, bint structure):
    """Keep ``hook`` for ``cl``: as its plan when it is a compiled class's own bound hook."""
    kept = hook
    if PyCFunction_CheckExact(hook):  # a builtin method: its ``==`` compares self and function
        owner = PyCFunction_GET_SELF(hook)
        if owner != NULL and type(<object>owner) is Plan and (<Plan>owner).type != NULL:
            plan = <Plan>owner
            if hook == (plan.structure if structure else plan.unstructure):
                kept = plan
    table[cl] = kept
    return kept


# -- structuring ---------------------------------------------------------------


cdef bint _is_one_of(type t, tuple types):
    """``t in types`` by identity: a metaclass's ``__eq__`` is user code."""
    cdef Py_ssize_t i
    for i in range(PyTuple_GET_SIZE(types)):
        if <PyObject *>t == PyTuple_GET_ITEM(types, i):
            return True
    return False


cdef extern from *:
    """
    #include <time.h>

    /* datetime.fromtimestamp(seconds, timezone.utc): the C function Python's own call reaches. */
    static PyObject *ecr_from_epoch(PyObject *seconds) {
        PyObject *out, *args = PyTuple_Pack(2, seconds, ecr_utc);
        if (args == NULL) return NULL;
        out = PyDateTimeAPI->DateTime_FromTimestamp((PyObject *)PyDateTimeAPI->DateTimeType, args, NULL);
        Py_DECREF(args);
        return out;
    }

    /* The attribute ``name`` of the class ``t`` as the MRO gives it (borrowed), NULL when none. */
    static inline PyObject *ecr_class_attr(PyObject *t, PyObject *name) {
        return _PyType_Lookup((PyTypeObject *)t, name);
    }

    /* Whether reading an attribute of an object of class ``t`` runs no code of the class:
       no __getattribute__ or __getattr__, and the class's own entry (if any) is no descriptor. */
    static inline int ecr_plain_attr(PyObject *t, PyObject *name) {
        PyObject *found;
        if (((PyTypeObject *)t)->tp_getattro != PyObject_GenericGetAttr) return 0;
        found = _PyType_Lookup((PyTypeObject *)t, name);
        return found == NULL || Py_TYPE(found)->tp_descr_get == NULL;
    }

    /* ``obj.name`` for an object of class ``t`` when reading it runs no code of the class
       (ecr_plain_attr): from the instance's dict, or a plain class attribute.  None when it
       would run code or is missing; NULL on another error. */
    static PyObject *ecr_state(PyObject *t, PyObject *obj, PyObject *name) {
        PyObject *found;
        if (!ecr_plain_attr(t, name)) Py_RETURN_NONE;
        found = PyObject_GenericGetAttr(obj, name);
        if (found != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError)) return found;
        PyErr_Clear();
        Py_RETURN_NONE;
    }

    /* The dict an object keeps its attributes in, when one has been made (borrowed), read from
       memory only; NULL when the object keeps them another way or the layout is unknown.  In
       CPython 3.11 and 3.12 a class with a managed dict puts its pointer three words before the
       object (3.11: inline values one word further; 3.12: values tagged with the low bit).
       ``ecr_check_instance_dicts`` turns this on only after it agreed with ``__dict__``. */
    static int ecr_instance_dicts_known = 0;

    static inline PyObject *ecr_instance_dict(PyObject *obj) {
    #if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
        PyObject **pre = (PyObject **)obj;
        PyObject *d;
        if (!ecr_instance_dicts_known || !(Py_TYPE(obj)->tp_flags & Py_TPFLAGS_MANAGED_DICT)) return NULL;
    #if PY_VERSION_HEX < 0x030C0000
        if (pre[-4] != NULL) return NULL;  /* inline values, no dict */
    #else
        if (((uintptr_t)pre[-3]) & 1) return NULL;  /* inline values, no dict */
    #endif
        d = pre[-3];
        return d != NULL && PyDict_CheckExact(d) ? d : NULL;
    #else
        (void)obj;
        return NULL;
    #endif
    }

    /* The value of the exact str ``k`` in the dict ``d``, found by address among its entries
       in place, borrowed; NULL when absent or when the layout is not the one known.  Takes
       both tables CPython makes: combined (each entry holds its value) and split (an
       instance's dict sharing its class's keys: value i is the instance's own values[i]).
       The caller gives a key it knows to be interned, as attribute names are. */
    static inline PyObject *ecr_dict_value_by_address(PyObject *d, PyObject *k) {
    #if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
        PyDictObject *mp = (PyDictObject *)d;
        ecr_dict_keys *keys;
        ecr_entry *entries;
        PyObject **values;
        Py_ssize_t e, count;
        if (!ecr_dict_layout_known || !ecr_instance_dicts_known) return NULL;
        keys = (ecr_dict_keys *)mp->ma_keys;
        count = keys->nentries;
        if (count > 32) return NULL;
        entries = (ecr_entry *)(keys->indices + ((size_t)1 << keys->log2_index_bytes));
        if (keys->kind == 1 && mp->ma_values == NULL) {
            for (e = 0; e < count; e++) if (entries[e].key == k) return entries[e].value;
            return NULL;
        }
        if (keys->kind == 2 && mp->ma_values != NULL) {
            values = (PyObject **)mp->ma_values;
            for (e = 0; e < count; e++) if (entries[e].key == k) return values[e];
        }
        return NULL;
    #else
        (void)d; (void)k;
        return NULL;
    #endif
    }

    /* ``probes``: pairs (object, its __dict__ or None when it has none made); ``named``: an
       object whose dict holds the interned ``k`` mapped to ``v``.  Turns the in-place reading
       of instance dicts on only if it gives exactly that for each. */
    static int ecr_check_instance_dicts(PyObject *probes, PyObject *named, PyObject *k, PyObject *v) {
        Py_ssize_t i;
        PyObject *d;
        ecr_instance_dicts_known = 1;
        for (i = 0; i < PyTuple_GET_SIZE(probes); i++) {
            PyObject *pair = PyTuple_GET_ITEM(probes, i);
            PyObject *expected = PyTuple_GET_ITEM(pair, 1);
            PyObject *found = ecr_instance_dict(PyTuple_GET_ITEM(pair, 0));
            if (found != (expected == Py_None ? NULL : expected)) { ecr_instance_dicts_known = 0; break; }
        }
        d = ecr_instance_dict(named);
        if (d == NULL || ecr_dict_value_by_address(d, k) != v) ecr_instance_dicts_known = 0;
        return ecr_instance_dicts_known;
    }

    /* The version tag of the last tzlocal class seen to have no class attribute of either state
       name, and no __getattribute__ of its own: while the class keeps that tag, nothing about
       it has changed (CPython gives a class a new tag whenever it or a base is modified). */
    static unsigned int ecr_tzlocal_plain_tag = 0;

    /* The standard offset of a dateutil tzlocal that has no DST, borrowed from the zone's own
       dict, read in place: its ``_hasdst`` is False and its ``_std_offset`` an exact timedelta.
       NULL when that is not so or not certain (the caller reads through ecr_state).  Reads
       memory only: no Python code runs, nothing is allocated. */
    static inline PyObject *ecr_tzlocal_standard(PyObject *t, PyObject *zone, PyObject *has_dst, PyObject *standard) {
        PyTypeObject *type = (PyTypeObject *)t;
        PyObject *d, *found_dst, *found_standard;
        if (!((type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG) && type->tp_version_tag != 0
              && type->tp_version_tag == ecr_tzlocal_plain_tag)) {
            if (type->tp_getattro != PyObject_GenericGetAttr
                || _PyType_Lookup(type, has_dst) != NULL || _PyType_Lookup(type, standard) != NULL) return NULL;
            if (!(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)) return NULL;
            ecr_tzlocal_plain_tag = type->tp_version_tag;
        }
        d = ecr_instance_dict(zone);
        if (d == NULL) return NULL;
        found_dst = ecr_dict_value_by_address(d, has_dst);
        found_standard = ecr_dict_value_by_address(d, standard);
        if (found_dst != Py_False || found_standard == NULL || !PyDelta_CheckExact(found_standard)) return NULL;
        return found_standard;
    }

    /* The class ``t`` derives directly from ``base`` (a per-zone class of pytz). */
    static inline int ecr_direct_subclass(PyObject *t, PyObject *base) {
        return (PyObject *)((PyTypeObject *)t)->tp_base == base;
    }

    static inline int ecr_digits(const Py_UCS1 *s, int n) {
        int i, x = 0;
        for (i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9') return -1;
            x = x * 10 + (s[i] - '0');
        }
        return x;
    }

    /* Text in the form ``isoformat()`` writes, YYYY-MM-DDTHH:MM:SS[.ffffff] then Z or +HH:MM
       (or -HH:MM), split into year, month, day, hour, minute, second, microsecond and the offset
       in seconds.  1: that form, with fields fromisoformat reads alike; 0: another form. */
    static int ecr_iso_parts(PyObject *text, int *parts) {
        const Py_UCS1 *s;
        Py_ssize_t n, zone;
        int hours, minutes, i;
        if (!PyUnicode_IS_ASCII(text)) return 0;
        n = PyUnicode_GET_LENGTH(text);
        s = PyUnicode_1BYTE_DATA(text);
        if (n == 20 || n == 25) zone = 19;
        else if (n == 27 || n == 32) zone = 26;
        else return 0;
        if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return 0;
        parts[0] = ecr_digits(s, 4);
        parts[1] = ecr_digits(s + 5, 2);
        parts[2] = ecr_digits(s + 8, 2);
        parts[3] = ecr_digits(s + 11, 2);
        parts[4] = ecr_digits(s + 14, 2);
        parts[5] = ecr_digits(s + 17, 2);
        parts[6] = 0;
        if (zone == 26 && (s[19] != '.' || (parts[6] = ecr_digits(s + 20, 6)) < 0)) return 0;
        for (i = 0; i < 6; i++) if (parts[i] < 0) return 0;
        if (parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return 0;
        if (n - zone == 1) {
            if (s[zone] != 'Z') return 0;
            parts[7] = 0;
            return 1;
        }
        if ((s[zone] != '+' && s[zone] != '-') || s[zone + 3] != ':') return 0;
        hours = ecr_digits(s + zone + 1, 2);
        minutes = ecr_digits(s + zone + 4, 2);
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return 0;
        parts[7] = (hours * 3600 + minutes * 60) * (s[zone] == '-' ? -1 : 1);
        return 1;
    }

    /* The datetime of ecr_iso_parts's fields in ``zone``; None when the date does not exist. */
    static PyObject *ecr_datetime_of(const int *parts, PyObject *zone) {
        PyObject *out = PyDateTimeAPI->DateTime_FromDateAndTime(
            parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], zone,
            PyDateTimeAPI->DateTimeType);
        if (out != NULL || !PyErr_ExceptionMatches(PyExc_ValueError)) return out;
        PyErr_Clear();  /* a day the month has not, year 0: fromisoformat decides and words it */
        Py_RETURN_NONE;
    }

    /* The hash of a timedelta, hash((days, seconds, microseconds)), computed as CPython's tuple
       hash does it, without making the tuple; used only once a check at import found it equal
       to the hash CPython computes (ecr_delta_hash_checked). */
    static int ecr_delta_hash_checked = 0;

    static Py_hash_t ecr_delta_hash(PyObject *d) {
    #if SIZEOF_PY_UHASH_T > 4
        const Py_uhash_t p1 = 11400714785074694791ULL, p2 = 14029467366897019727ULL;
        const Py_uhash_t p5 = 2870177450012600261ULL;
        long parts[3];
        Py_uhash_t acc = p5, lane;
        int i;
        parts[0] = PyDateTime_DELTA_GET_DAYS(d);
        parts[1] = PyDateTime_DELTA_GET_SECONDS(d);
        parts[2] = PyDateTime_DELTA_GET_MICROSECONDS(d);
        for (i = 0; i < 3; i++) {
            lane = (Py_uhash_t)(parts[i] == -1 ? -2 : parts[i]);  /* hash(n) == n for these ints */
            acc += lane * p2;
            acc = (acc << 31) | (acc >> 33);
            acc *= p1;
        }
        acc += 3 ^ (p5 ^ 3527539UL);
        return acc == (Py_uhash_t)-1 ? 1546275796 : (Py_hash_t)acc;
    #else
        return -1;
    #endif
    }

    /* Give an exact timedelta its hash before a dict lookup, sparing the tuple CPython makes:
       the value CPython would cache there itself. */
    static inline void ecr_prime_delta_hash(PyObject *d) {
        PyDateTime_Delta *delta = (PyDateTime_Delta *)d;
        if (ecr_delta_hash_checked && delta->hashcode == -1) delta->hashcode = ecr_delta_hash(d);
    }

    static void ecr_set_delta_hash_checked(int ok) { ecr_delta_hash_checked = ok; }

    static inline int ecr_delta_is_zero(PyObject *d) {
        return PyDateTime_DELTA_GET_DAYS(d) == 0 && PyDateTime_DELTA_GET_SECONDS(d) == 0
            && PyDateTime_DELTA_GET_MICROSECONDS(d) == 0;
    }

    /* The stored form of text in the form ecr_iso_parts reads: its fields in the offset's canonical
       zone (timezone.utc, or the entry of ``zones``, the table of _validators.fixed_offset).
       None for another form, an offset not in the table yet or a date that does not exist.
       ``zones`` holds timedelta keys only: looking one up runs no Python code. */
    static PyObject *ecr_iso_datetime(PyObject *text, PyObject *zones) {
        int parts[8];
        PyObject *zone, *offset, *out;
        if (!ecr_iso_parts(text, parts)) Py_RETURN_NONE;
        if (parts[7] == 0) return ecr_datetime_of(parts, ecr_utc);
        offset = PyDateTimeAPI->Delta_FromDelta(0, parts[7], 0, 1, PyDateTimeAPI->DeltaType);
        if (offset == NULL) return NULL;
        ecr_prime_delta_hash(offset);
        zone = PyDict_GetItemWithError(zones, offset);
        Py_DECREF(offset);
        if (zone == NULL) {
            if (PyErr_Occurred()) return NULL;
            Py_RETURN_NONE;
        }
        Py_INCREF(zone);  /* held while the datetime is allocated (rule 2) */
        out = ecr_datetime_of(parts, zone);
        Py_DECREF(zone);
        return out;
    }

    /* The date of a day counted from 1970-01-01 (proleptic Gregorian). */
    static void ecr_civil_from_days(long long days, int *year, int *month, int *day) {
        long long z = days + 719468;
        long long era = (z >= 0 ? z : z - 146096) / 146097;
        long long doe = z - era * 146097;
        long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long long mp = (5 * doy + 2) / 153;
        *day = (int)(doy - (153 * mp + 2) / 5 + 1);
        *month = (int)(mp < 10 ? mp + 3 : mp - 9);
        *year = (int)(yoe + era * 400 + (*month <= 2));
    }

    /* CPython's half-to-even rounding of a double (_PyTime_RoundHalfEven). */
    static double ecr_round_half_even(double x) {
        double rounded = round(x);
        if (fabs(x - rounded) == 0.5) rounded = 2.0 * round(x / 2.0);
        return rounded;
    }

    /* datetime.fromtimestamp(v, timezone.utc) for an exact int or finite float within years
       1 to 9999, by the same arithmetic (seconds and microseconds rounded half to even, then
       the proleptic Gregorian date); None for any other value (Python's call decides). */
    static PyObject *ecr_epoch_utc(PyObject *v) {
        long long seconds, days, rest;
        double whole, part;
        int overflow, micro = 0, year, month, day;
        if (PyLong_CheckExact(v)) {
            seconds = PyLong_AsLongLongAndOverflow(v, &overflow);
            if (overflow || (seconds == -1 && PyErr_Occurred())) { PyErr_Clear(); Py_RETURN_NONE; }
        } else if (PyFloat_CheckExact(v)) {
            part = PyFloat_AS_DOUBLE(v);
            if (!isfinite(part)) Py_RETURN_NONE;
            part = modf(part, &whole) * 1e6;
            part = ecr_round_half_even(part);
            if (part >= 1e6) { part -= 1e6; whole += 1.0; }
            else if (part < 0) { part += 1e6; whole -= 1.0; }
            if (!(whole >= -62135596800.0 && whole <= 253402300799.0)) Py_RETURN_NONE;
            seconds = (long long)whole;
            micro = (int)part;
        } else {
            Py_RETURN_NONE;
        }
        if (seconds < -62135596800LL || seconds > 253402300799LL) Py_RETURN_NONE;
        days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
        rest = seconds - days * 86400;
        ecr_civil_from_days(days, &year, &month, &day);
        return PyDateTimeAPI->DateTime_FromDateAndTime(
            year, month, day, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60), micro,
            ecr_utc, PyDateTimeAPI->DateTimeType);
    }

    /* Days from 1970-01-01 to a proleptic Gregorian date. */
    static long long ecr_days_from_civil(int year, int month, int day) {
        long long y = year - (month <= 2);
        long long era = (y >= 0 ? y : y - 399) / 400;
        long long yoe = y - era * 400;
        long long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /* dateutil tzlocal's _naive_is_dst for a wall time ``us`` microseconds after 1970-01-01:
       time.localtime(us / 10**6 + west).tm_isdst, the same float arithmetic.  0 on success. */
    static int ecr_naive_is_dst(long long us, long west, int *isdst) {
        struct tm parts;
        time_t when;
        double seconds;
        if (us <= -(1LL << 53) || us >= (1LL << 53)) return -1;  /* beyond an exact double */
        seconds = floor((double)us / 1e6 + (double)west);  /* total_seconds() + time.timezone, floored */
        when = (time_t)seconds;
        if (localtime_r(&when, &parts) == NULL) return -1;
        *isdst = parts.tm_isdst;
        return 0;
    }

    /* dateutil tzlocal's _isdst for the fold-0 exact datetime ``v`` of a zone with DST:
       1 DST, 0 standard time, -1 when Python must ask (out of range). */
    static int ecr_tzlocal_isdst(PyObject *v, PyObject *saved, long west) {
        int year = PyDateTime_GET_YEAR(v), naive, shifted;
        long long wall, back;
        if (year < 2 || year > 9998) return -1;  /* dt - _dst_saved stays a datetime */
        wall = ecr_days_from_civil(year, PyDateTime_GET_MONTH(v), PyDateTime_GET_DAY(v)) * 86400LL
            + PyDateTime_DATE_GET_HOUR(v) * 3600LL + PyDateTime_DATE_GET_MINUTE(v) * 60LL
            + PyDateTime_DATE_GET_SECOND(v);
        wall = wall * 1000000LL + PyDateTime_DATE_GET_MICROSECOND(v);
        back = (PyDateTime_DELTA_GET_DAYS(saved) * 86400LL + PyDateTime_DELTA_GET_SECONDS(saved)) * 1000000LL
            + PyDateTime_DELTA_GET_MICROSECONDS(saved);
        if (back < -86400000000LL || back > 86400000000LL) return -1;
        if (ecr_naive_is_dst(wall, west, &naive) < 0) return -1;
        if (naive == 0) {
            /* is_ambiguous: standard time now, another answer _dst_saved earlier; fold 0 takes DST. */
            if (ecr_naive_is_dst(wall - back, west, &shifted) < 0) return -1;
            if (shifted != naive) return 1;
        }
        return naive != 0;
    }
    """
    int ecr_tzlocal_isdst(object v, object saved, long west)
    object ecr_iso_datetime(object text, dict zones)
    Py_hash_t ecr_delta_hash(object d)
    void ecr_prime_delta_hash(object d)
    void ecr_set_delta_hash_checked(int ok)
    bint ecr_delta_is_zero(object d)
    object ecr_epoch_utc(object v)
    object ecr_from_epoch(object seconds)
    PyObject *ecr_class_attr(object t, object name)
    bint ecr_plain_attr(object t, object name)
    bint ecr_direct_subclass(object t, object base)
    object ecr_state(object t, object obj, object name)
    bint ecr_check_instance_dicts(object probes, object named, object k, object v)
    PyObject *ecr_tzlocal_standard(object t, object zone, object has_dst, object standard)


_fromisoformat = _datetime_module.datetime.fromisoformat
_timezone_utcoffset = _datetime_module.timezone.utcoffset  # the descriptors: an instance cannot shadow them
try:
    import zoneinfo as _zoneinfo_module
    _zoneinfo_utcoffset = _zoneinfo_module.ZoneInfo.utcoffset
except ImportError:  # pragma: no cover - the standard library has it from 3.9
    _zoneinfo_utcoffset = None
_ZERO = timedelta(0)


def _delta_hash_matches():
    """Whether the core's timedelta hash is CPython's, on offsets of every sign and size."""
    samples = [timedelta(0), timedelta(hours=2), timedelta(hours=-5), timedelta(seconds=-1),
               timedelta(hours=23, minutes=59), timedelta(hours=-23, minutes=-59), timedelta(microseconds=7),
               timedelta(days=-1, microseconds=999999), timedelta(seconds=19800), timedelta(days=-2, seconds=3)]
    return all(ecr_delta_hash(d) == hash(timedelta(d.days, d.seconds, d.microseconds)) for d in samples)


ecr_set_delta_hash_checked(_delta_hash_matches())


def _instance_dict_probes():
    """Objects whose attributes live as the core meets them: a tzinfo's dict, a plain object's
    inline values before and after ``__dict__`` makes a dict of them, an object without a dict;
    and a zone whose ``_hasdst`` is False, as dateutil's are."""
    class Zone(_datetime_module.tzinfo):
        pass

    class Plain:
        pass

    zone = Zone()
    zone._std_offset = _ZERO
    zone._hasdst = False
    inline = Plain()
    inline.a = 1
    made = Plain()
    made.a = 1
    probes = ((inline, None), (made, made.__dict__), (zone, zone.__dict__), (_ZERO, None))
    return probes, zone


_probes, _zone = _instance_dict_probes()
INSTANCE_DICTS_KNOWN = ecr_check_instance_dicts(_probes, _zone, "_hasdst", False)
"""Whether the core reads a dateutil zone's state from its dict in place (else by attribute)."""
_IMMUTABLE_TYPE = 1 << 8


_TZLOCAL_METHODS = ("utcoffset", "_isdst", "is_ambiguous", "_naive_is_dst", "_fold")


def _resolved(kind, name):
    """``kind.name`` as the MRO gives it, unbound (what the core finds for it later)."""
    for base in kind.__mro__:
        if name in base.__dict__:
            return base.__dict__[name]
    return None


def _own_method(kind):
    """``kind``'s ``utcoffset`` function as its class defines it now, or None."""
    return None if kind is None else kind.__dict__.get("utcoffset")


cdef object _timestamp(Core core, object v):
    """The stored form of a datetime, ISO 8601 text or epoch number, or None for Python to judge.

    What Python's own fast path stores, on values whose reading runs no user
    code: a datetime's zone is read in C when its type is one C knows exactly
    (rule 6), ISO text is parsed and epoch seconds converted by datetime's own
    C functions.
    """
    cdef type t = type(v)
    if t is core.datetime:
        return _aware(core, v)
    if t is str:
        made = ecr_iso_datetime(v, core.zones)  # the forms isoformat() writes, built in C
        return made if made is not None else _iso_text(core, v)
    if t is int or t is float:
        made = ecr_epoch_utc(v)
        if made is not None:
            return made
        try:
            return ecr_from_epoch(v)
        except (OverflowError, OSError, ValueError):
            return None  # judge() words the error
    return None


cdef object _aware(Core core, object v):
    """An exact datetime's stored form: the same wall time with its offset's canonical ``timezone``.

    A fold of 1 and a zone C cannot read go to ``_validators.fixed_offset``
    (benign types) or to judge() (any other), as Python decides them.
    """
    zone = <object>ecr_tzinfo(v)
    if zone is core.utc:
        return v
    if zone is None:
        return None
    cdef type t = type(zone)
    benign = _is_one_of(t, core.tzinfos)
    if ecr_fold(v):
        return core.fixed_offset(v) if benign else None
    offset = _offset_of(core, t, zone, v, benign)
    if offset is None:
        return core.fixed_offset(v) if benign else None
    if ecr_delta_is_zero(offset):
        fixed = core.utc  # the table's zero entry: timezone(timedelta(0)) is timezone.utc itself
    else:
        ecr_prime_delta_hash(offset)
        fixed = core.zones.get(offset)  # an exact timedelta hashes and compares in C
    if fixed is None:
        return core.fixed_offset(v) if benign else None  # Python makes the zone, once
    return v if fixed is zone else ecr_with_zone(v, fixed)


cdef object _offset_of(Core core, type t, object zone, object v, bint benign):
    """The exact timedelta ``zone`` gives the fold-0 datetime ``v``, or None when C cannot tell.

    Read only where no user code runs: the C methods of the immutable types
    ``timezone`` and ``ZoneInfo``; the state of dateutil's and pytz's zones
    whose class defines the method Python would call as it was when the
    core was made, read without descriptors.
    """
    if benign:
        if t is core.timezone:
            offset = _timezone_utcoffset(zone, v)
        elif t is core.zoneinfo:
            offset = _zoneinfo_utcoffset(zone, v)
        elif t is core.tzutc:
            return _ZERO if _same_method(t, core.zone_methods[0]) else None
        elif t is core.tzoffset:
            if not _same_method(t, core.zone_methods[1]):
                return None
            offset = _state(t, zone, "_offset")
        elif t is core.tzlocal:
            # What _validators._tzlocal_offset reads: without DST, the standard offset.
            standard = ecr_tzlocal_standard(t, zone, "_hasdst", "_std_offset")
            if standard != NULL:
                return <object>standard  # held at once: nothing ran since it was read
            has_dst = _state(t, zone, "_hasdst")
            if has_dst is True:
                offset = _tzlocal_dst_offset(core, t, zone, v)
            elif has_dst is False:
                offset = _state(t, zone, "_std_offset")
            else:
                return None
        else:
            return None
    else:
        offset = _pytz_offset(core, t, zone)
    return offset if type(offset) is timedelta else None


cdef object _tzlocal_dst_offset(Core core, type t, object zone, object v):
    """What dateutil's ``tzlocal.utcoffset`` answers for the fold-0 ``v``, computed in C, or None.

    Only while the class, ``time.localtime`` and the module globals it uses
    are those seen when the core was made: then it asks the C library's
    ``localtime`` what ``time.localtime`` would, with the same arithmetic.
    """
    if not _tzlocal_as_written(core, t):
        return None
    saved = _state(t, zone, "_dst_saved")
    standard = _state(t, zone, "_std_offset")
    summer = _state(t, zone, "_dst_offset")
    west = core.time_globals.get("timezone")
    if type(saved) is not timedelta or type(west) is not int or not -86400 < west < 86400:
        return None
    cdef int found = ecr_tzlocal_isdst(v, saved, west)
    if found < 0:
        return None
    return summer if found else standard


cdef bint _tzlocal_as_written(Core core, type t):
    """Whether a tzlocal's answer still comes from dateutil's own code and ``time.localtime``."""
    cdef tuple methods = core.tzlocal_methods
    if methods is None:
        return False
    cdef Py_ssize_t i
    for i in range(5):
        if ecr_class_attr(t, _TZLOCAL_METHODS[i]) != <PyObject *>methods[i]:
            return False
    seen = core.globals_seen
    found = core.dateutil_globals
    return (
        found.get("time") is seen[0]
        and found.get("_datetime_to_timestamp") is seen[1]
        and found.get("EPOCH") is seen[2]
        and core.time_globals.get("localtime") is seen[3]
    )


cdef object _pytz_offset(Core core, type t, object zone):
    """A pytz zone's offset for a datetime localised to it: its ``_utcoffset``, or None."""
    if not core.pytz_types:
        if core.find_pytz is None:
            return None
        core._learn_pytz()  # reads sys.modules only: no user code
    cdef tuple kinds = core.pytz_types
    if not kinds:
        return None
    if t is kinds[2]:  # pytz.utc's class
        return _ZERO if _same_method(t, core.pytz_methods[2]) else None
    cdef Py_ssize_t i
    for i in range(2):  # DstTzInfo, StaticTzInfo: each zone is a class deriving from one
        if ecr_direct_subclass(t, kinds[i]):
            if not _same_method(t, core.pytz_methods[i]):
                return None
            # DstTzInfo.utcoffset answers its own state for a datetime whose tzinfo it is.
            return _state(t, zone, "_utcoffset")
    return None


cdef bint _same_method(type t, object method):
    """Whether ``t``'s ``utcoffset`` is still ``method`` (a subclass or a patch changes it)."""
    cdef PyObject *found = ecr_class_attr(t, "utcoffset")
    return method is not None and found == <PyObject *>method


cdef object _state(type t, object zone, str name):
    """``zone.name`` when reading it runs no user code (no descriptor, no __getattr__), else None."""
    return ecr_state(t, zone, name)


cdef object _iso_text(Core core, str text):
    """ISO 8601 text in another form than isoformat() writes: its stored form, or None.

    What ``_compile.other_instant`` gives: ``fromisoformat``, then the canonical zone.
    """
    try:
        parsed = _fromisoformat(text)
    except ValueError:
        return None  # judge() words the error
    return _aware(core, parsed)


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
    cdef Py_ssize_t present = ecr_lookup_all(data, p.index, p.seen, p.nseen, p.n, vals)
    if present < 0:
        return None
    # The one decision about keys that name no field: strict mode refuses them, and models
    # that keep them (UNKNOWN_KEYS_SLOT) keep them in Python; otherwise they are ignored.
    if present != PyDict_GET_SIZE(data) and (p.core.strict or p.extra_offset >= 0):
        ecr_release(vals, p.n)
        return None
    try:
        built = _fill(p, vals, depth)
    except BaseException:
        ecr_release(vals, p.n)
        raise
    if built is None:
        ecr_release(vals, p.n)
    return built  # an instance holds what ``vals`` held: nothing is left to release


cdef object _fill(Plan p, PyObject **vals, int depth):
    """Check and store the looked-up values; an instance, which now holds the references of
    ``vals``, or None (``vals`` still held)."""
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
    if p.bare:  # every slot is written next, before anything else runs
        obj = ecr_alloc_bare(p.type)
        ecr_move_all(obj, p.offsets, vals, n)
        if p.unset_offset >= 0:
            ecr_leave_unset(obj, p.unset_offset)
        if tracked:
            ecr_track(obj)
        return obj
    obj = ecr_alloc(p.type)
    ecr_move_all(obj, p.offsets, vals, n)
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
    if not ecr_all_atoms(copy, &s.key, &s.check):  # the common case: one pass, no Python object
        while PyDict_Next(copy, &pos, &k, &x):
            if ecr_scalar_ok(&s.key, k) == 1 and ecr_scalar_ok(&s.check, x) == 1:
                continue
            key = <object>k  # held: a pattern's match may run the collector
            item = <object>x
            if _accept(core, &s.key, key) is None or _accept(core, &s.check, item) is None:
                return None
    if core.frozendict_bare:  # its one slot is written next, before anything else runs
        out = ecr_alloc_bare(core.frozendict)
        ecr_put(out, core.frozendict_items, copy)
        return out  # a dict of atoms, never tracked, as CPython leaves such dicts
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

    Which fields are present is noted first, and the dict starts as a copy of
    the template of those keys (``_dump_template``), each value then written
    into its entry as its slot is read (``ecr_dict_put_at``): no key is hashed
    or looked up.  Slots are read one at a time, in the order Python writes
    them, each held while it is used; an atom goes into the dict with no Python
    code between the read and the store.  A field whose presence changed since
    it was noted (a callback rewrote its slot) sends the object to Python,
    which no value was consulted by yet (rule 7).  The dict stays out of the
    collector's sight until it is full (rule 3), then is tracked if it holds
    what CPython would track it for.
    """
    if p.type == NULL or not ecr_exact(obj, p.type) or depth > DEPTH:
        return None
    if p.extra_offset >= 0:
        extra = ecr_peek(obj, p.extra_offset)
        if extra == NULL or <object>extra is not None:
            return None  # keys the object keeps beyond its fields: Python writes them
    cdef Py_ssize_t n = p.n, k, j = 0
    cdef unsigned long long mask = _dump_present(p, obj)
    cdef dict out = _dump_template(p, mask)
    cdef bint track = False
    cdef Slot *s
    cdef int dump
    cdef PyObject *peeked
    for k in range(n):
        s = p.written[k]
        peeked = ecr_peek(obj, s.offset)
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
            track = track or ecr_needs_tracking(peeked)
            ecr_dict_put_at(out, j, p.written_names[k], peeked)
            j += 1
            continue
        if not _dump_takes(p.core, s, peeked):
            return None
        value = <object>peeked
        if dump == DUMP_OBJECT:
            # _dump_takes saw the child's exact class: an object of atoms needs no more.
            if (<Plan>s.child).atoms:
                dumped = _dump_atoms(<Plan>s.child, value)
            else:
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
        track = track or ecr_needs_tracking(<PyObject *>dumped)
        ecr_dict_put_at(out, j, p.written_names[k], <PyObject *>dumped)
        j += 1
    if track:
        ecr_track(out)
    return out


cdef dict _dump_atoms(Plan p, object obj):
    """``_dump`` of an object whose class the caller checked, of at most five fields
    all written as stored: a copy of its template, each value put in its entry as
    it is read (no Python code in between), or None when a slot is unset or a
    field's presence changed since it was noted."""
    cdef unsigned long long mask = _dump_present(p, obj)
    cdef dict out = _dump_template(p, mask)
    cdef Py_ssize_t k, j = 0
    cdef bint track = False
    cdef Slot *s
    cdef PyObject *peeked
    for k in range(p.n):
        s = p.written[k]
        peeked = ecr_peek(obj, s.offset)
        if peeked == NULL:
            return None
        if peeked == <PyObject *>None and s.nullable:
            if mask & (1ULL << k):
                return None
            continue
        if not mask & (1ULL << k):
            return None
        track = track or ecr_needs_tracking(peeked)
        ecr_dict_put_at(out, j, p.written_names[k], peeked)
        j += 1
    if track:
        ecr_track(out)
    return out


cdef inline unsigned long long _dump_present(Plan p, object obj) noexcept:
    """The fields that go into the dict, as bits in ``order``: all but the None of nullable
    ones (an unset slot counts as present; the write refuses it).  Runs no Python code."""
    cdef Py_ssize_t k
    cdef unsigned long long present = 0
    cdef Slot *s
    for k in range(p.n):
        s = p.written[k]
        if ecr_peek(obj, s.offset) != <PyObject *>None or not s.nullable:
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
    """A new dict of the present fields' keys in order, each mapped to None, untracked.

    Copying a template the plan keeps sizes the dict once and lays its keys out
    in field order, so ``_dump`` fills entry j with the j-th present field.  The
    plan keeps the last four key sets it saw: objects of one class mostly leave
    out the same fields.
    """
    cdef int j
    cdef PyObject *kept
    for j in range(4):
        kept = p.dump_templates[j]
        if kept != NULL and p.dump_masks[j] == mask:
            return PyDict_Copy(<object>kept)
    cdef dict made = {}
    cdef Py_ssize_t k
    for k in range(p.n):
        if mask & (1ULL << k):
            made[<str>p.written_names[k]] = None
    j = p.dump_next
    p.dump_next = (j + 1) % 4
    kept = p.dump_templates[j]
    Py_INCREF(made)
    p.dump_templates[j] = <PyObject *>made
    p.dump_masks[j] = mask
    Py_XDECREF(kept)  # the template it replaces: str and None only, freeing it runs no code
    return PyDict_Copy(made)


cdef object _iso(Core core, object value):
    """A stored datetime (exact, with a fixed-offset timezone) as ISO 8601 text, as Python writes it."""
    if ecr_tzinfo(value) == <PyObject *>core.utc:
        return ecr_iso_utc(value)
    return value.isoformat()


cdef object _dump_objects(Plan child, object value, int depth):
    """A tuple of objects (an exact tuple, held by the caller) as a list of their dicts."""
    cdef Py_ssize_t n = PyTuple_GET_SIZE(value), j
    out = PyList_New(n)  # its items NULL until filled: list_dealloc takes that
    ecr_untrack(out)  # out of reach of gc callbacks while it is filled (rule 3)
    cdef PyObject *item
    for j in range(n):
        item = PyTuple_GET_ITEM(value, j)
        if child.atoms and ecr_exact(<object>item, child.type):
            dumped = _dump_atoms(child, <object>item)
        else:
            dumped = _dump(child, <object>item, depth + 1)
        if dumped is None:
            return None
        Py_INCREF(dumped)  # PyList_SET_ITEM takes this reference
        PyList_SET_ITEM(out, j, dumped)
    ecr_track(out)  # it holds dicts: the collector must see it like any list
    return out


cdef object _dump_mapping(Core core, object value):
    """A FrozenDict (exact, held by the caller) as a copy of the dict it keeps."""
    peeked = ecr_peek(value, core.frozendict_items)
    if peeked == NULL or type(<object>peeked) is not dict:
        return None
    return (<dict><object>peeked).copy()
