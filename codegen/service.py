"""A service as data: which botocore model, which package, which names.

The generator is the same for every service; what differs is read from a
small TOML file under ``spec/services/`` (``ecr.toml``), or, for a service
only planned and never written (``python -m codegen plan``), derived from
the botocore model's own metadata.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import attrs

SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
SERVICES_DIR = SPEC_DIR / "services"
SRC = SPEC_DIR.parent / "src"
RUNTIME = "ecr_attrs"
"""The hand-written package every generated package imports its runtime from."""

_NAMES = (
    "botocore_name",
    "label",
    "package",
    "client_class",
    "base_error",
    "base_error_in_runtime",
    "example_class",
    "roots",
    "client",
)
_PATHS = ("facts", "seed_spec", "overrides")


@attrs.frozen
class ServiceConfig:
    """What the generator needs to know about one service beyond its botocore model."""

    botocore_name: str
    """The name botocore loads the model by (``ecr``, ``ecr-public``)."""
    label: str
    """How docstrings name the service (``ECR``, ``ECR Public``)."""
    package: str
    """The Python package the generated modules go into (``ecr_attrs.public``)."""
    client_class: str
    """The sync client's class name; the async one is ``Async`` + this."""
    base_error: str
    """The class every typed error of the service derives from."""
    facts: Path | None = None
    """The committed facts file; None when the facts are extracted in memory."""
    seed_spec: Path | None = None
    """A spec whose classes and field order the package must keep (ECR's 139 classes)."""
    overrides: Path | None = None
    """What AWS sends beyond the model, and what the model does not mark."""
    base_error_in_runtime: bool = False
    """Whether ``ecr_attrs._runtime`` defines the base error (ECR's, for its import path and pickles)."""
    example_class: str | None = None
    """The class the models module's docstring shows; the first structure class when None."""
    roots: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    """Structure shapes the package is limited to, with what they hold; empty: the whole model.

    A service whose structures arrive elsewhere than in its responses (Inspector's
    ``Finding``, carried by EventBridge events) needs its classes, not its operations.
    """
    client: bool = True
    """Whether the package has clients (``client.py``, ``aio.py``...); False for models only."""

    @property
    def async_client_class(self) -> str:
        return f"Async{self.client_class}"

    @property
    def models_package(self) -> str:
        """Where the one-module-per-class modules live."""
        return f"{self.package}._models"

    @property
    def directory(self) -> Path:
        """The generated package's directory under ``src``."""
        return SRC.joinpath(*self.package.split("."))


def load_service(name: str) -> ServiceConfig:
    """The config of a service ecr-attrs ships, by its file name under ``spec/services``."""
    path = SERVICES_DIR / f"{name}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - {*_NAMES, *_PATHS})
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {unknown}")
    paths = {key: SPEC_DIR / data[key] for key in _PATHS if key in data}
    return ServiceConfig(**{key: data[key] for key in _NAMES if key in data}, **paths)


def shipped_services() -> list[str]:
    """The services whose packages ``python -m codegen`` writes, in file-name order."""
    return sorted(path.stem for path in SERVICES_DIR.glob("*.toml"))


def derived_config(botocore_name: str, service_id: str) -> ServiceConfig:
    """A config for a service planned in memory only: names made from its ``serviceId``."""
    words = re.findall(r"[A-Za-z0-9]+", service_id) or [botocore_name]
    title = "".join(w if w.isupper() else w[:1].upper() + w[1:] for w in words)
    module = re.sub(r"\W", "_", botocore_name)
    return ServiceConfig(
        botocore_name=botocore_name,
        label=service_id,
        package=f"{RUNTIME}.planned.{module}",
        client_class=f"{title}Client",
        base_error=f"{title}ServiceError",
    )


ECR = load_service("ecr")
"""The service the generator's defaults stand for (the names ``codegen.speedups`` uses)."""
