"""Build glue that pyproject.toml cannot express: the top-level resources/ folder ships inside
the package as glutewake.resources.

Why a setup.py: setuptools' package discovery in pyproject.toml only finds packages under
src/, and a `package-dir` entry for a folder outside it is ignored unless the package is also
listed by hand. Listing every package by hand would drop each new one from the wheel silently,
so discovery stays automatic here and only the one mapped folder is added. Everything else
(metadata, dependencies, entry points) stays in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

RESOURCES = "glutewake.resources"

setup(
    packages=[*find_namespace_packages("src", include=["glutewake*"]), RESOURCES],
    package_dir={"": "src", RESOURCES: "resources"},
    package_data={RESOURCES: ["**/*"]},
)
