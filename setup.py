"""The packages: the domain `outreach` (with the shipped data/ as `outreach.data`) and the Textual
app kept in screens/, installed as `outreach_screens`. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

APP = ["outreach_screens" + name.removeprefix("screens")
       for name in find_packages(include=["screens", "screens.*"])]

setup(packages=[*find_packages(include=["outreach", "outreach.*"]), "outreach.data", *APP])
