"""Property tests of the Surveys section: multiple-choice counts survive any combination of
options, and applying a survey to channels never takes a channel away from anyone."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from outreach import surveys
from outreach.channels.coverage import coverage
from outreach.channels.preferences import reachability, set_preferences
from outreach.common.channel_names import GUARDIAN_CHANNELS
from outreach.demo import fill_demo
from outreach.store import db as storage
from outreach.surveys.model import Option, Question, text_key

# HYPOTHESIS_EXAMPLES=500 for a deeper local run; the default keeps the file fast.
SETTINGS = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "30")), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.filter_too_much])
WORDS = ["Telegram", "ВКонтакте", "Viber", "WhatsApp", "MAX", "SMS", "e-mail", "Звонок", "Записка",
         "через ребёнка", "в дневнике", "вечером", "18:00", "утро", "Вторник", "Суббота", "онлайн"]
DAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"]
HOURS = ["утро", "9:00", "18:00", "после обеда", "вечер"]
SINGLE = ["Telegram", "ВКонтакте", "Viber", "WhatsApp", "MAX", "SMS", "Звонок", "Записка в дневнике"]
HEADER = "Какие варианты вам подходят?"


def label(words: list[str]) -> str:
    return ", ".join(words)


any_label = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True).map(label)
any_options = st.lists(any_label, min_size=1, max_size=6, unique_by=text_key)


def injective(options: list[str]) -> bool:
    """No two different choices give the same cell (else nobody could tell them apart)."""
    seen: set[str] = set()
    for mask in range(1, 1 << len(options)):
        key = text_key(", ".join(o for i, o in enumerate(options) if mask >> i & 1))
        if key in seen:
            return False
        seen.add(key)
    return True


def export(path: Path, chosen: list[list[str]]) -> None:
    """A Google Forms export: checkbox choices joined with ", " in the form's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Отметка времени", HEADER])
    for n, answer in enumerate(chosen):
        writer.writerow([f"10.09.2026 {n // 60 % 24:02d}:{n % 60:02d}:00", ", ".join(answer)])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def expected(options: list[str], chosen: list[list[str]]) -> dict[str, int]:
    return {o: sum(o in answer for answer in chosen) for o in options}


def answers_from(options: list[str]) -> st.SearchStrategy[list[list[str]]]:
    subset = st.lists(st.booleans(), min_size=len(options), max_size=len(options)).map(
        lambda picks: [o for o, keep in zip(options, picks, strict=True) if keep]).filter(bool)
    return st.lists(subset, min_size=1, max_size=15)


@pytest.fixture
def scratch():
    with tempfile.TemporaryDirectory(prefix="outreach-surveys-") as folder:
        yield Path(folder)


def fresh_db(folder: Path, name: str, template: Path | None = None):
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if template is not None:
        shutil.copy(template, path)
    return storage.open_db(path)


@SETTINGS
@given(data=st.data(), options=any_options)
def test_counts_equal_the_choices_when_the_options_are_known(scratch, data, options):
    assume(injective(options))
    chosen = data.draw(answers_from(options))
    db = fresh_db(scratch, "known.db")
    try:
        sid = surveys.create_survey(db, "Опрос", [Question(None, HEADER, "multiple", [Option(None, o) for o in options])])
        export(scratch / "known.csv", chosen)
        report = surveys.import_responses(db, scratch / "known.csv", survey_id=sid)
        assert report["imported"] == len(chosen) and report["warnings"] == []
        question = surveys.results(db, sid)["questions"][0]
        assert question["answers"] == expected(options, chosen)
        assert question["other"] == {}
    finally:
        db.close()


comma_label = st.tuples(st.sampled_from(DAYS), st.sampled_from(HOURS)).map(lambda p: ", ".join(p))
inferable_options = st.lists(st.one_of(st.sampled_from(SINGLE), comma_label), min_size=2, max_size=6,
                             unique_by=text_key)


@SETTINGS
@given(data=st.data(), options=inferable_options)
def test_counts_equal_the_choices_when_the_options_are_learned(scratch, data, options):
    """Without a template: every option was chosen alone by someone (or nobody could know
    that «Вторник, 18:00» is one option); options with ", " are like «Вторник, 18:00»."""
    assume(injective(options))
    chosen = [[o] for o in options] + data.draw(answers_from(options))
    db = fresh_db(scratch, "learned.db")
    try:
        export(scratch / "learned.csv", chosen)
        report = surveys.import_responses(db, scratch / "learned.csv", new_title="Опрос")
        question = surveys.results(db, report["survey"])["questions"][0]  # type: ignore[arg-type]
        assert question["answers"] == expected(options, chosen)
        assert question["other"] == {}
    finally:
        db.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = storage.open_db(path)
    fill_demo(db)
    db.execute("DELETE FROM surveys")
    db.conn.commit()
    db.close()
    return path


channel_lists = st.lists(st.sampled_from(GUARDIAN_CHANNELS), unique=True, max_size=4)


@SETTINGS
@given(data=st.data())
def test_applying_never_reduces_anyones_reachable_channels(scratch, demo_file, data):
    db = fresh_db(scratch, "apply.db", demo_file)
    try:
        ids = [g for (g,) in db.execute("SELECT id FROM guardians ORDER BY id")]
        sid = surveys.new_from_template(db, "channels", lang="ru")
        survey = surveys.get_survey(db, sid)
        primary, others = survey.questions[1], survey.questions[2]
        for gid in data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=12)):
            order = data.draw(channel_lists)
            outs = data.draw(channel_lists)
            set_preferences(db, gid, prefer=order or None, opt_out=outs)
        for gid in data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=20)):
            answer = {primary.id: data.draw(st.sampled_from(primary.labels)),
                      others.id: data.draw(st.lists(st.sampled_from(others.labels), unique=True, min_size=1))}
            surveys.add_response(db, sid, answer, guardian_id=gid)  # type: ignore[arg-type]
        before, report_before = reachability(db, ids), coverage(db)
        surveys.apply_channels(db, sid)
        after, report_after = reachability(db, ids), coverage(db)
        for gid in ids:
            assert set(before[gid].channels) <= set(after[gid].channels), gid
        for channel, n in report_before["reachable"].items():  # type: ignore[union-attr]
            assert report_after["reachable"][channel] >= n  # type: ignore[index]
        assert set(report_after["unreachable"]) <= set(report_before["unreachable"])  # type: ignore[arg-type]
        assert report_after["no_consent"] == report_before["no_consent"]
    finally:
        db.close()
