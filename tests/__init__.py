"""The test suite (a package, so support modules import as `tests.x`)."""

import os

# Imported before conftest.py: the CLI's consoles are made at import and keep a width found in
# the environment then; an xdist worker starts with COLUMNS=80 LINES=24, which would override
# the COLUMNS a test sets.
for _size in ("COLUMNS", "LINES"):
    os.environ.pop(_size, None)
