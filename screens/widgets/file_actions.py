"""Showing a written file or folder to the teacher: the system's opener, else its path."""

from __future__ import annotations

from pathlib import Path

from textual.dom import DOMNode

from outreach.channels import call_list
from outreach.common.i18n import t


def show_path(node: DOMNode, path: Path) -> None:
    """Open `path` in the browser or file manager; where nothing can, notify its path."""
    if call_list.show(path):
        node.app.notify(t("Opening {path}", path=str(path)), markup=False)
    else:
        node.app.notify(t("No program was found to open the file; open it yourself: {path}", path=str(path)), severity="warning", timeout=15,
                    markup=False)
