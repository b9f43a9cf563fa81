"""What importing costs: the models need neither cattrs nor hypothesis."""

from __future__ import annotations

import subprocess
import sys


def modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_importing_the_package_loads_neither_cattrs_nor_hypothesis():
    loaded = modules_after("import ecr_attrs")
    assert "cattrs" not in loaded
    assert "hypothesis" not in loaded


def test_the_converter_api_loads_on_first_use():
    loaded = modules_after("import ecr_attrs; ecr_attrs.structure")
    assert "cattrs" in loaded
    assert "hypothesis" not in loaded


def test_hypothesis_registers_the_strategies_through_its_plugin_entry_point():
    code = (
        "from hypothesis import strategies as st\n"
        "import ecr_attrs\n"
        "assert isinstance(st.from_type(ecr_attrs.TagTypeDef).example(), ecr_attrs.TagTypeDef)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
