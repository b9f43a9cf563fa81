"""Build the one hand-written Cython module of the core.

``ECR_ATTRS_SPEEDUPS_OPT`` sets the optimisation level (default ``-O2``);
``.ci/asan`` uses it with AddressSanitizer flags.
"""

import os

from Cython.Build import cythonize
from setuptools import Extension, setup

FLAGS = [os.environ.get("ECR_ATTRS_SPEEDUPS_OPT", "-O2"), "-g0"]

setup(
    ext_modules=cythonize(
        [
            Extension(
                "ecr_attrs_speedups._core", ["src/ecr_attrs_speedups/_core.pyx"], extra_compile_args=FLAGS
            )
        ],
        language_level=3,
        compiler_directives={
            "boundscheck": False,
            "wraparound": False,
            "initializedcheck": False,
            "embedsignature": False,
            "binding": False,
        },
    ),
)
