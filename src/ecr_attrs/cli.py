"""``ecr-attrs`` / ``python -m ecr_attrs``: check saved AWS output, list types, run the demo.

Exit status: 0 when the input is valid (or the command succeeded), 1 when it
is invalid, 2 for usage errors (unknown type, unreadable file).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import Any, TextIO

from ecr_attrs import models

OK, INVALID, USAGE = 0, 1, 2


def _type_names() -> set[str]:
    """Every name ``ecr_attrs`` exports for a class: the class names and their aliases."""
    return {*models.CLASS_NAMES, *models.ALIASES}


def resolve_type(name: str) -> type | None:
    """A class by any name the package exports; ``TypeDef`` may be left off, case is forgiven."""
    names = _type_names()
    for candidate in (name, name + "TypeDef"):
        if candidate in names:
            return getattr(models, candidate)  # type: ignore[no-any-return]
    folded = {n.lower(): n for n in sorted(names)}
    for candidate in (name.lower(), name.lower() + "typedef"):
        if candidate in folded:
            return getattr(models, folded[candidate])  # type: ignore[no-any-return]
    return None


def classes_with_keys(keys: list[str]) -> list[str]:
    """The classes that have every one of these keys as a field, fewest fields first."""
    import attrs

    fits = []
    for name in models.CLASS_NAMES:
        fields = {f.name for f in attrs.fields(getattr(models, name))}
        if set(keys) <= fields:
            fits.append((len(fields), name))
    return [name for _, name in sorted(fits)[:3]]


def ignored_keys(data: Any, cls: type) -> list[str]:
    """Paths of the keys lenient structuring ignored: what strict structuring calls unknown."""
    from ecr_attrs.converters import make_json_converter
    from ecr_attrs.errors import StructureError

    try:
        make_json_converter(forbid_extra_keys=True).structure(data, cls)
    except StructureError as error:
        return [p.path for p in error.problems if p.reason == "unknown key"]
    return []


def suggestions(name: str) -> list[str]:
    names = sorted(_type_names())
    short = {n.removesuffix("TypeDef").lower(): n for n in names}
    close = difflib.get_close_matches(name.removesuffix("TypeDef").lower(), list(short), n=3, cutoff=0.5)
    return [short[c] for c in close]


def summary(obj: Any) -> list[str]:
    """One line per field that is set: its size for lists and mappings, else its kind."""
    from collections.abc import Mapping

    import attrs

    lines = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if value is None:
            continue
        if isinstance(value, (tuple, Mapping)):
            lines.append(f"  {field.name}: {len(value)} item{'s' if len(value) != 1 else ''}")
        elif attrs.has(type(value)):
            lines.append(f"  {field.name}: {type(value).__name__}")
        elif field.repr is not True:
            lines.append(f"  {field.name}: (hidden)")
        else:
            lines.append(f"  {field.name}: {value!r}"[:100])
    return lines


def check(type_name: str, source: TextIO, *, strict: bool, out: TextIO, err: TextIO) -> int:
    cls = resolve_type(type_name)
    if cls is None:
        hint = suggestions(type_name)
        err.write(
            f"unknown type {type_name!r}" + (f"; did you mean {', '.join(hint)}?" if hint else "") + "\n"
        )
        err.write("`ecr-attrs types` lists them all\n")
        return USAGE
    if source.isatty():  # else a user who forgot the file name waits on a silent terminal
        end = "Ctrl-Z then Enter" if sys.platform == "win32" else "Ctrl-D"
        err.write(f"reading {cls.__name__} JSON from standard input; end it with {end}\n")
    try:
        text = source.read()
    except UnicodeDecodeError as error:
        out.write(f"INVALID: not UTF-8 text: byte {error.start} cannot be decoded\n")
        return INVALID
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        out.write(f"INVALID: not JSON: {error.msg} at line {error.lineno} column {error.colno}\n")
        return INVALID
    except ValueError:  # Python refuses to read an int of more than 4,300 digits
        out.write("INVALID: not JSON this tool reads: a number has more than 4,300 digits\n")
        return INVALID
    except RecursionError:
        out.write("INVALID: not JSON this tool reads: arrays or objects nest too deeply\n")
        return INVALID
    import attrs

    from ecr_attrs.converters import make_json_converter
    from ecr_attrs.errors import StructureError

    fields = {f.name for f in attrs.fields(cls)}
    if isinstance(data, dict) and data and not fields & set(data):
        keys = sorted(map(str, data))
        shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
        out.write(f"INVALID: no key of the document is a field of {cls.__name__} ({shown})\n")
        fits = classes_with_keys(keys)
        if fits:
            out.write(f"  the document fits {', '.join(fits)}\n")
        return INVALID
    converter = make_json_converter(forbid_extra_keys=strict)
    try:
        obj: Any = converter.structure(data, cls)
    except StructureError as error:
        out.write(f"INVALID: {error.message}{' (strict)' if strict else ''}\n")
        out.writelines(line + "\n" for line in str(error).splitlines()[1:])
        return INVALID
    out.write(f"OK: {cls.__name__}{' (strict)' if strict else ''}\n")
    out.writelines(line + "\n" for line in summary(obj))
    if not strict:
        ignored = ignored_keys(data, cls)
        out.writelines(f"  ignored unknown key {path}\n" for path in ignored[:10])
        if len(ignored) > 10:
            out.write(f"  ... and {len(ignored) - 10} more unknown keys (--strict lists them all)\n")
    return OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecr-attrs", description="Typed, validated Amazon ECR objects for boto3."
    )
    from ecr_attrs import __version__, _accel

    parser.add_argument(
        "--version", action="version", version=f"ecr-attrs {__version__} ({_accel.backend()} backend)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser(
        "check", help="validate JSON (for example `aws ecr describe-images` output)"
    )
    check_cmd.add_argument("type", help="a class name, e.g. DescribeImagesResponse; TypeDef may be left off")
    check_cmd.add_argument("file", nargs="?", help="JSON file to read; standard input when left out")
    check_cmd.add_argument("--strict", action="store_true", help="unknown keys and enum values are errors")
    commands.add_parser("types", help="list the class names")
    demo_cmd = commands.add_parser("demo", help="run an ECR workflow against an embedded moto server")
    demo_cmd.add_argument("--endpoint-url", help="use this ECR endpoint (boto3 credentials) instead of moto")
    demo_cmd.add_argument("--region", default="us-east-1")
    demo_cmd.add_argument(
        "--yes",
        "--i-understand-this-creates-resources",
        dest="yes",
        action="store_true",
        help="allow an endpoint off this machine (the demo creates, then deletes, a repository there)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 for --help
        return int(exit_.code or 0)
    if args.command == "types":
        sys.stdout.write("\n".join(sorted(models.CLASS_NAMES)) + "\n")
        return OK
    if args.command == "check":
        if args.file is None:
            return check(args.type, sys.stdin, strict=args.strict, out=sys.stdout, err=sys.stderr)
        try:
            with open(args.file, encoding="utf-8") as source:
                return check(args.type, source, strict=args.strict, out=sys.stdout, err=sys.stderr)
        except OSError as error:
            sys.stderr.write(f"cannot read {args.file}: {error.strerror}\n")
            return USAGE
    try:
        from ecr_attrs.demo import run_demo
    except ImportError:
        sys.stdout.write('the demo needs boto3 and moto: pip install "ecr-attrs[demo]"\n')
        return USAGE
    return run_demo(endpoint_url=args.endpoint_url, region=args.region, out=sys.stdout, confirmed=args.yes)
