"""Build the Cython modules: several small C files, compiled two at a time.

One C file holding every class needs gigabytes of memory to compile; the
generated modules keep each file small.  ``ECR_ATTRS_SPEEDUPS_OPT`` sets the
optimisation level (default ``-O2``).
"""

import os
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).parent
JOBS = max(1, min(os.cpu_count() or 1, 4))
FLAGS = [os.environ.get("ECR_ATTRS_SPEEDUPS_OPT", "-O2"), "-g0"]


class BuildExt(build_ext):
    """build_ext with as many compile jobs as the machine has cores (up to 4)."""

    def finalize_options(self):
        super().finalize_options()
        if not self.parallel:
            self.parallel = JOBS


sources = sorted((HERE / "src" / "ecr_attrs_speedups").glob("*.pyx"))
extensions = [
    Extension(
        f"ecr_attrs_speedups.{path.stem}",
        [str(path.relative_to(HERE))],
        extra_compile_args=FLAGS,
    )
    for path in sources
]

setup(
    ext_modules=cythonize(
        extensions,
        nthreads=JOBS,
        language_level=3,
        compiler_directives={
            "boundscheck": False,
            "wraparound": False,
            "initializedcheck": False,
            "embedsignature": False,
            "binding": False,
        },
    ),
    cmdclass={"build_ext": BuildExt},
)
