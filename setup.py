"""The packages: the domain `outreach` (with the shipped data/ as `outreach.data`) and the Textual
app kept in screens/, installed as `outreach_screens`. Everything else is in pyproject.toml.

The build compiles the message catalogues (`outreach/locales/<lang>/LC_MESSAGES/outreach.po`)
to `.mo` next to them, so a wheel ships them and an editable install finds them in the tree.
"""

import runpy
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

LOCALES = Path(__file__).resolve().parent / "outreach" / "locales" / "__init__.py"


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        runpy.run_path(str(LOCALES))["compile_catalogues"]()  # not imported: no package yet
        super().run()


APP = ["outreach_screens" + name.removeprefix("screens")
       for name in find_packages(include=["screens", "screens.*"])]

setup(packages=[*find_packages(include=["outreach", "outreach.*"]), "outreach.data", *APP],
      cmdclass={"build_py": BuildWithCatalogues})
