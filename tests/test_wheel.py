"""The installed wheel carries its data and works away from the checkout."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from the repository and install it (no dependencies) into a folder."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir",
         "-q", "-w", str(work / "dist"), str(ROOT)],
        cwd=work, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("outreach-*.whl")
    site = work / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-cache-dir", "-q", "--target",
         str(site), str(wheel)],
        cwd=work, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return wheel


def test_wheel_contains_data_and_screens(installed: Path) -> None:
    names = set(zipfile.ZipFile(installed).namelist())
    assert "outreach/data/demo/roster.csv" in names
    assert "outreach/__init__.py" in names and "outreach/cli/main.py" in names
    assert "outreach_screens/app.py" in names and "outreach_screens/roster/screen.tcss" in names
    assert "outreach/locales/ru/LC_MESSAGES/outreach.mo" in names  # compiled by the build
    assert not any(n.startswith("screens/") for n in names)  # no top-level name to collide with
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "outreach = outreach.cli.main:run" in zipfile.ZipFile(installed).read(entry_points).decode()


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Python without site processing: only the installed wheel and the dependencies."""
    deps = sysconfig.get_paths()["purelib"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OUTREACH_"))}
    env.update(PYTHONPATH=os.pathsep.join([str(site), deps]), PYTHONNOUSERSITE="1",
               OUTREACH_HOME=str(cwd / "home"), OUTREACH_LANG="en")
    return subprocess.run([sys.executable, "-S", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_installed_wheel_finds_its_data_and_runs_the_demo(installed: Path, tmp_path: Path) -> None:
    site = installed.parent.parent / "site"
    probe = _run(site, tmp_path, "-c", (
        "import json, sys, outreach, outreach.common.paths\n"
        "print(json.dumps({'module': outreach.__file__, 'data': str(outreach.common.paths.data_dir()),"
        " 'path': sys.path}))"))
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert Path(found["module"]).is_relative_to(site)
    assert Path(found["data"]).is_relative_to(site)
    assert (Path(found["data"]) / "demo" / "roster.csv").is_file()
    assert not any((tmp_path / p).resolve() == ROOT for p in found["path"])
    db = tmp_path / "demo.db"
    demo = _run(site, tmp_path, "-m", "outreach", "--db", str(db), "demo")
    assert demo.returncode == 0, demo.stderr
    assert "Demo data ready" in demo.stdout
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM guardians").fetchone()[0] >= 40
    finally:
        conn.close()


def test_installed_wheel_speaks_russian_from_its_compiled_catalogue(installed: Path, tmp_path: Path) -> None:
    site = installed.parent.parent / "site"
    sqlite3.connect(tmp_path / "x.db").close()  # a database to read (an empty one: migrated on opening)
    shown = _run(site, tmp_path, "-m", "outreach", "--db", str(tmp_path / "x.db"), "--lang", "ru",
                 "roster", "remove", "--guardian", "7")
    assert shown.returncode == 1
    assert shown.stderr.strip() == "Родителя с номером 7 нет."
