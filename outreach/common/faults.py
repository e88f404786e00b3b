"""Named pause points for the fault tests: with OUTREACH_PAUSE_AT=<point> in the environment,
the process touches the file OUTREACH_PAUSE_FILE and sleeps there, so a test can kill it at
exactly that point. Otherwise a point costs one environment lookup."""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_SECONDS = 60


def pause(point: str) -> None:
    if os.environ.get("OUTREACH_PAUSE_AT") != point:
        return
    Path(os.environ["OUTREACH_PAUSE_FILE"]).touch()
    time.sleep(PAUSE_SECONDS)
