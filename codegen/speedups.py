"""Spec + facts -> the Cython source of the optional accelerator under ``speedups/``.

Every class gets a C structuring function that accepts only the plainest
valid input (see ``speedups/src/ecr_attrs_speedups/_core.pxd``) and returns
None for anything else, so that the pure Python function of the class
decides; and a C unstructuring function.  The classes are spread over
several modules: one C file with all of them would take gigabytes of memory
to compile.  Each class records the signature of its rules
(``ecr_attrs._accel.signature``); at run time a class whose installed rules
differ is left to Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from codegen.model import all_classes
from codegen.render import Planner, header
from codegen.spec import parse_spec
from ecr_attrs import _validators as v
from ecr_attrs._accel import signature

PACKAGE = Path("speedups") / "src" / "ecr_attrs_speedups"
# Enough modules that no C file needs much memory, few enough that importing stays cheap.
MODULES = 8


def render_speedups(spec_path: Path, facts_path: Path, facts: dict[str, Any]) -> dict[Path, str]:
    """The generated files, by path relative to the repository root."""
    planner = Planner(all_classes(parse_spec(spec_path), facts), facts)
    plans = planner.plan()
    rules = _evaluate(planner, plans)
    head = header(spec_path, facts_path, facts)
    groups = _split([p.name for p in plans], {p.name: len(p.fields) for p in plans})
    files = {}
    module_of = {}
    for index, names in enumerate(groups):
        module = f"_m{index}"
        files[PACKAGE / f"{module}.pyx"] = _render_module(head, names, rules)
        module_of.update(dict.fromkeys(names, module))
    files[PACKAGE / "_index.py"] = "\n".join(
        [
            *head,
            '"""Which generated module holds the C functions of each class."""',
            "",
            "MODULE_OF = {",
            *[f"    {name!r}: {module!r}," for name, module in sorted(module_of.items())],
            "}",
            "",
        ]
    )
    return files


def _evaluate(planner: Planner, plans: list[Any]) -> dict[str, list[tuple[str, Any]]]:
    """The rule objects of every field, made by the same expressions the models run."""
    namespace: dict[str, Any] = {"_v": v, "get_args": get_args}
    for alias, values in planner.literals.items():
        namespace[alias] = Literal[values]
    for source, name in planner.constants.items():
        namespace[name] = eval(source, namespace)
    for name in planner.classes:
        namespace[name] = type(name, (), {})
    return {plan.name: [(f.name, eval(f.validator, namespace)) for f in plan.fields] for plan in plans}


def _split(names: list[str], sizes: dict[str, int]) -> list[list[str]]:
    """Consecutive runs of classes of about equal total size."""
    total = sum(sizes[n] + 3 for n in names)
    groups: list[list[str]] = [[]]
    done = 0
    for name in names:
        if done >= total * len(groups) / MODULES and len(groups) < MODULES:
            groups.append([])
        groups[-1].append(name)
        done += sizes[name] + 3
    return groups


def _render_module(head: list[str], names: list[str], rules: dict[str, list[tuple[str, Any]]]) -> str:
    out = [
        *head,
        '"""C structuring and unstructuring functions of some ECR classes; see ``_core.pxd``."""',
        "",
        "from cpython.pycapsule cimport PyCapsule_New",
        "from cpython.tuple cimport PyTuple_GET_ITEM",
        "",
        "from ecr_attrs_speedups._core import Refused",
        "",
        "from ecr_attrs_speedups._core cimport (",
        "    Cls,",
        "    bind,",
        "    ecr_alloc,",
        "    ecr_blob_ok,",
        "    ecr_bool_ok,",
        "    ecr_datetime_ok,",
        "    ecr_enum_ok,",
        "    ecr_exact,",
        "    ecr_int_ok,",
        "    ecr_lookup,",
        "    ecr_number_ok,",
        "    ecr_put,",
        "    ecr_slot,",
        "    ecr_str_keys,",
        "    ecr_text_ok,",
        ")",
        "",
    ]
    for name in names:
        out += _render_class(name, rules[name])
    out += ["", "_EXPORTS = {"]
    for name in names:
        out.append(
            f"    {name!r}: (PyCapsule_New(<void *>_s_{name}, NULL, NULL), "
            f"PyCapsule_New(<void *>_u_{name}, NULL, NULL)),"
        )
    out += ["}", ""]
    return "\n".join(out)


def _child(rule: Any) -> str | None:
    """The class whose functions a field calls: of an object or of a list's elements."""
    inner = rule.inner if isinstance(rule, v.Nullable) else rule
    element = inner.element if isinstance(inner, v.SequenceOf) else inner
    if isinstance(element, v.InstanceOf) and len(element.classes) == 1:
        return element.classes[0].__name__
    return None


def _render_class(name: str, fields: list[tuple[str, Any]]) -> list[str]:
    children = ", ".join(repr(_child(rule)) for _, rule in fields)
    children = f"({children},)" if len(fields) == 1 else f"({children})"
    state = f"_c_{name}"
    out = [
        "",
        f"# -- {name} " + "-" * max(3, 70 - len(name)),
        "",
        f"cdef Cls {state} = None",
        "",
        "",
        f"cdef Cls _setup_{name}():",
        f"    global {state}",
        f"    {state} = bind({name!r}, {signature(fields)!r}, {children})",
        f"    return {state}",
        "",
        "",
        f"cdef object _s_{name}(object data):",
        f"    cdef Cls c = {state}",
        "    if c is None:",
        f"        c = _setup_{name}()",
        "    if c.type == NULL or type(data) is not dict or not ecr_str_keys(data):",
        "        return None",
    ]
    for index, (field, rule) in enumerate(fields):
        out += _structure_field(index, field, rule)
    out.append("    obj = ecr_alloc(c.type)")
    out += [f"    ecr_put(obj, c.offsets[{i}], f{i})" for i in range(len(fields))]
    out += [
        "    return obj",
        "",
        "",
        f"def structure_{name}(data, _=None):",
        f'    """Structure a dict into ``{name}``; what C does not accept, Python does."""',
        f"    if {state} is None:",
        f"        _setup_{name}()",
        "    try:",
        f"        built = _s_{name}(data)",
        "    except Exception:",
        "        built = None",
        "    if built is None:",
        f"        return {state}.hook(data)",
        "    return built",
        "",
        "",
        f"cdef object _u_{name}(object obj):",
        f"    cdef Cls c = {state}",
        "    if c is None:",
        f"        c = _setup_{name}()",
        "    if not ecr_exact(obj, c.type):",
        "        raise Refused()",
        "    cdef dict out = {}",
    ]
    required = [(i, f, r) for i, (f, r) in enumerate(fields) if not isinstance(r, v.Nullable)]
    optional = [(i, f, r.inner) for i, (f, r) in enumerate(fields) if isinstance(r, v.Nullable)]
    for index, field, rule in required:
        dump = _dump(index, rule, "value")
        if dump is None:
            out.append("    raise Refused()")
            continue
        out += [f"    value = ecr_slot(obj, c.offsets[{index}])", f"    out[{field!r}] = {dump}"]
    for index, field, rule in optional:
        dump = _dump(index, rule, "value")
        out += [f"    value = ecr_slot(obj, c.offsets[{index}])", "    if value is not None:"]
        out.append("        raise Refused()" if dump is None else f"        out[{field!r}] = {dump}")
    out += [
        "    return out",
        "",
        "",
        f"def unstructure_{name}(obj):",
        f'    """``{name}`` as the dict boto3 takes."""',
        f"    if {state} is None:",
        f"        _setup_{name}()",
        "    try:",
        f"        return _u_{name}(obj)",
        "    except (Refused, AttributeError):  # refused before anything was consulted, or an unset slot",
        f"        return {state}.py_unstructure(obj)",
        "",
    ]
    return out


def _structure_field(index: int, field: str, rule: Any) -> list[str]:
    var = f"f{index}"
    optional = isinstance(rule, v.Nullable)
    inner = rule.inner if optional else rule
    lines = [f"    {var} = ecr_lookup(data, {field!r})"]
    if optional:
        guard = f"{var} is not None"
    else:
        lines += [f"    if {var} is None:", "        return None"]
        guard = ""
    test = _scalar_test(index, inner, var)
    if test is not None:
        cond = f"{guard} and not ({test})" if guard else f"not ({test})"
        return [
            *lines,
            f"    if {cond}:",
            f"        {var} = c.judged({index}, {var})",
            f"        if {var} is None:",
            "            return None",
        ]
    body = _container(index, inner, var)
    if body is None:
        body = [f"{var} = c.judged({index}, {var})", f"if {var} is None:", "    return None"]
    if guard:
        return [*lines, f"    if {guard}:", *["        " + line for line in body]]
    return [*lines, *["    " + line for line in body]]


def _bounds(low: int | None, high: int | None) -> str:
    return f"{low or 0}, {-1 if high is None else high}"


def _limits(low: int | None, high: int | None) -> str:
    return f"{int(low is not None)}, {low or 0}, {int(high is not None)}, {high or 0}"


def _fast(index: int) -> str:
    return f"<object>PyTuple_GET_ITEM(c.fast, {index})"


def _scalar_test(index: int, rule: Any, var: str) -> str | None:
    """A C expression true only for values the Python fast path keeps as they are."""
    if isinstance(rule, v.Text):
        test = f"ecr_text_ok({var}, {_bounds(rule.min_len, rule.max_len)})"
        if rule.pattern is not None:
            test += f" and ({_fast(index)})({var}) is not None"
        return test
    if isinstance(rule, v.Number):
        return f"ecr_number_ok({var}, {_limits(rule.min, rule.max)})"
    if isinstance(rule, v.Integer):
        return f"ecr_int_ok({var}, {_limits(rule.min, rule.max)})"
    if isinstance(rule, v.Boolean):
        return f"ecr_bool_ok({var})"
    if isinstance(rule, v.Timestamp):
        return f"ecr_datetime_ok({var}, c.datetime_type, c.timezone_type)"
    if isinstance(rule, v.Blob):
        return f"ecr_blob_ok({var}, {_bounds(rule.min_len, rule.max_len)})"
    if isinstance(rule, v.OneOf):
        return f"ecr_enum_ok({var}, {_fast(index)})"
    return None


def _container(index: int, rule: Any, var: str) -> list[str] | None:
    """Lines for an object, list or mapping field; None where Python judges every value."""
    if isinstance(rule, v.InstanceOf):
        if len(rule.classes) > 1:
            return None
        # No Python fallback for the child here: Python redoes the outermost object instead.
        return [f"{var} = c.sfn[{index}]({var})", f"if {var} is None:", "    return None"]
    if isinstance(rule, v.SequenceOf):
        element, length = rule.element, _bounds(rule.min_len, rule.max_len)
        if isinstance(element, v.InstanceOf) and len(element.classes) == 1:
            call = f"c.objects({index}, {var}, {length})"
        elif isinstance(element, v.Text):
            pattern = "True" if element.pattern is not None else "False"
            call = (
                f"c.texts({index}, {var}, {length}, {_bounds(element.min_len, element.max_len)}, {pattern})"
            )
        elif isinstance(element, v.OneOf):
            call = f"c.enums({index}, {var}, {length})"
        else:
            return None
    elif isinstance(rule, v.MappingOf):
        key, value = rule.key, rule.value
        plain = (None, None, None)
        if _is_text(key, plain) and _is_text(value, plain):
            call = f"c.text_map({index}, {var})"
        elif isinstance(key, v.OneOf) and type(value) is v.Integer and (value.min, value.max) == (None, None):
            call = f"c.enum_int_map({index}, {var})"
        else:
            return None
    else:
        return None
    return [f"{var} = {call}", f"if {var} is None:", "    return None"]


def _is_text(rule: Any, limits: tuple[Any, ...]) -> bool:
    return isinstance(rule, v.Text) and (rule.min_len, rule.max_len, rule.pattern) == limits


def _dump(index: int, rule: Any, var: str) -> str | None:
    """boto3's form of a field's value; None where the whole object goes to Python."""
    if isinstance(rule, v.InstanceOf):
        return f"c.ufn[{index}]({var})" if len(rule.classes) == 1 else None
    if isinstance(rule, v.SequenceOf):
        element = rule.element
        if isinstance(element, v.InstanceOf):
            return f"c.dump_objects({index}, {var})" if len(element.classes) == 1 else None
        return f"c.dump_list({var})"
    if isinstance(rule, v.MappingOf):
        return f"c.dump_map({var})"
    return var
