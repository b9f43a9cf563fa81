# cython: language_level=3
"""What every generated module shares: the per-class state and the C-level checks.

The checks are small C functions included in every module, so the compiler
can inline them into the generated code; everything larger lives in _core.pyx.
Each check only *accepts*: a value it does not accept is judged by the pure
Python converter, which then decides, stores and words every problem.
"""

from cpython.object cimport PyObject, PyTypeObject

cdef extern from *:
    """
    #include <string.h>
    #include <math.h>
    #include "datetime.h"

    /* A str the Python fast path keeps as is: exact, ASCII, without NUL, within bounds. */
    static inline int ecr_text_ok(PyObject *v, Py_ssize_t lo, Py_ssize_t hi) {
        Py_ssize_t n;
        if (!PyUnicode_CheckExact(v)) return 0;
    #if PY_VERSION_HEX < 0x030C0000
        if (!PyUnicode_IS_READY(v)) return 0;
    #endif
        n = PyUnicode_GET_LENGTH(v);
        if (n < lo || (hi >= 0 && n > hi)) return 0;
        if (!PyUnicode_IS_ASCII(v)) return 0;
        return memchr(PyUnicode_DATA(v), 0, (size_t)n) == NULL;
    }

    /* An exact int within bounds; one beyond a long long is left to Python. */
    static inline int ecr_int_ok(PyObject *v, int has_lo, long long lo, int has_hi, long long hi) {
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

    static inline int ecr_bool_ok(PyObject *v) {
        return v == Py_True || v == Py_False;
    }

    /* An exact datetime whose tzinfo is exactly a datetime.timezone (a fixed offset). */
    static inline int ecr_datetime_ok(PyObject *v, PyTypeObject *dt, PyTypeObject *tz) {
        if (Py_TYPE(v) != dt || !((PyDateTime_DateTime *)v)->hastzinfo) return 0;
        return Py_TYPE(((PyDateTime_DateTime *)v)->tzinfo) == tz;
    }

    static inline int ecr_blob_ok(PyObject *v, Py_ssize_t lo, Py_ssize_t hi) {
        Py_ssize_t n;
        if (PyBytes_CheckExact(v)) n = PyBytes_GET_SIZE(v);
        else if (PyUnicode_CheckExact(v)) n = PyUnicode_GetLength(v);
        else return 0;
        return n >= lo && (hi < 0 || n <= hi);
    }

    /* An exact str that is one of the enum's values (a frozenset). */
    static inline int ecr_enum_ok(PyObject *v, PyObject *allowed) {
        return PyUnicode_CheckExact(v) && PySet_Contains(allowed, v) == 1;
    }

    /* A field's value, None when absent (absent and None mean the same to an optional field). */
    static inline PyObject *ecr_lookup(PyObject *d, PyObject *k) {
        PyObject *v = PyDict_GetItemWithError(d, k);
        if (v == NULL) {
            if (PyErr_Occurred()) return NULL;
            v = Py_None;
        }
        Py_INCREF(v);
        return v;
    }

    /* Whether every key of a dict is an exact str, so that looking a field up runs no user code. */
    static inline int ecr_str_keys(PyObject *d) {
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (PyDict_Next(d, &pos, &k, &v)) {
            if (!PyUnicode_CheckExact(k)) return 0;
        }
        return 1;
    }

    /* Whether ``v`` is exactly of type ``t`` (not of a subclass); false when ``t`` is NULL. */
    static inline int ecr_exact(PyObject *v, PyTypeObject *t) {
        return t != NULL && Py_TYPE(v) == t;
    }

    static inline PyObject *ecr_alloc(PyTypeObject *t) {
        return t->tp_alloc(t, 0);
    }

    /* Write a slot of a fresh instance at its member offset, as msgspec does for Structs. */
    static inline void ecr_put(PyObject *obj, Py_ssize_t offset, PyObject *v) {
        Py_INCREF(v);
        *(PyObject **)((char *)obj + offset) = v;
    }

    /* Read a slot; an unset one raises, and the caller hands the object to Python. */
    static inline PyObject *ecr_slot(PyObject *obj, Py_ssize_t offset) {
        PyObject *v = *(PyObject **)((char *)obj + offset);
        if (v == NULL) {
            PyErr_SetString(PyExc_AttributeError, "unset slot");
            return NULL;
        }
        Py_INCREF(v);
        return v;
    }
    """
    bint ecr_text_ok(object v, Py_ssize_t lo, Py_ssize_t hi)
    bint ecr_int_ok(object v, int has_lo, long long lo, int has_hi, long long hi)
    bint ecr_number_ok(object v, int has_lo, long long lo, int has_hi, long long hi)
    bint ecr_bool_ok(object v)
    bint ecr_datetime_ok(object v, PyTypeObject *dt, PyTypeObject *tz)
    bint ecr_blob_ok(object v, Py_ssize_t lo, Py_ssize_t hi)
    bint ecr_enum_ok(object v, object allowed)
    object ecr_lookup(object d, object k)
    bint ecr_str_keys(object d)
    bint ecr_exact(object v, PyTypeObject *t)
    object ecr_alloc(PyTypeObject *t)
    void ecr_put(object obj, Py_ssize_t offset, object v)
    object ecr_slot(object obj, Py_ssize_t offset)

ctypedef object (*structure_f)(object)
ctypedef object (*unstructure_f)(object)


cdef class Cls:
    """The state of one class, filled on its first use (see ``_core.bind``).

    ``type`` is NULL when the class is not accelerated (the installed models
    differ from the ones this build was generated from): every call then goes
    to the Python functions.
    """
    cdef PyTypeObject *type
    cdef PyTypeObject *datetime_type
    cdef PyTypeObject *timezone_type
    cdef Py_ssize_t *offsets
    cdef structure_f *sfn
    cdef unstructure_f *ufn
    cdef readonly str name
    cdef object hook
    cdef object py
    cdef object py_unstructure
    cdef object judge
    cdef tuple rules
    cdef tuple fast
    cdef tuple kids

    cdef object judged(self, Py_ssize_t i, object value)
    cdef object objects(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi)
    cdef object texts(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi,
                      Py_ssize_t elo, Py_ssize_t ehi, bint pattern)
    cdef object enums(self, Py_ssize_t i, object value, Py_ssize_t lo, Py_ssize_t hi)
    cdef object text_map(self, Py_ssize_t i, object value)
    cdef object enum_int_map(self, Py_ssize_t i, object value)
    cdef object dump_list(self, object value)
    cdef object dump_objects(self, Py_ssize_t i, object value)
    cdef object dump_map(self, object value)


cdef Cls bind(str name, str signature, tuple children)
