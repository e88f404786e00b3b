"""Templates, audience, the plan, quiet hours with a frozen clock, consent at send time,
exported files and forgetting a family."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.preferences import set_preferences
from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES
from outreach.erasure.forget import forget_family
from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.due import send_due
from outreach.messages.delivery.send import send_message
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from tests.messages_support import Mailbox, local_smtp, parents

LOCAL = datetime.now().astimezone().tzinfo


def freeze(monkeypatch: pytest.MonkeyPatch, hour: int, minute: int = 0) -> None:
    moment = datetime(2026, 11, 28, hour, minute, tzinfo=LOCAL)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_shipped_templates_both_languages() -> None:
    by_lang = {lang: {tpl.slug: tpl for tpl in templates.all_templates(lang)} for lang in LANGUAGES}
    assert set(by_lang["ru"]) == set(by_lang["en"])
    assert {"ice-safety", "water-safety", "bicycles-scooters", "dark-season-reflectors", "traffic-rules-digest",
            "parent-meeting", "parent-meeting-online", "online-consultation", "family-contest",
            "survey-invitation", "chat-rules", "announcement"} <= set(by_lang["ru"])
    for slug, tpl in by_lang["ru"].items():
        other = by_lang["en"][slug]
        assert list(tpl.variables) == list(other.variables), slug
        assert templates.free_variables(tpl.body, tpl.subject) <= set(tpl.variables), slug


def test_polite_address_and_students(db: sqlite_utils.Database) -> None:
    [gid] = parents(db, 1)
    message_id = compose.create_message(db, templates.find("ru/parent-meeting"),
                                        values={"date": "25 сентября", "time": "18:30", "place": "каб. 12",
                                                "topic": "ПДД"})
    shown = compose.preview(db, message_id, gid)
    assert shown["text"].startswith("Уважаемая Анна Викторовна!")
    assert "10А класса" in shown["text"] and shown["subject"] == "Родительское собрание 25 сентября"
    public = compose.preview(db, message_id, None)
    assert public["guardian_id"] == gid
    msg = compose.get_message(db, message_id)
    subject, body = compose.render_for(db, msg, None)
    assert body.startswith("Уважаемые родители!") and "Анна" not in body


@pytest.mark.parametrize(("body", "error"), [
    ("Привет, {{ guardian.nme }}", "does not exist"),
    ("Привет, {{ guardian.polite", "line 1"),
    ("{{ ''.__class__.__mro__ }}", "not allowed"),
    ("Встреча {{ when }}", "when"),
])
def test_errors_found_before_anything_is_queued(db: sqlite_utils.Database, body: str, error: str) -> None:
    parents(db, 2)
    tpl = templates.find("ru/ice-safety")
    with pytest.raises(OutreachError) as caught:
        compose.create_message(db, tpl, body=body)
    assert error in caught.value.message
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0


def test_missing_and_reserved_variables(db: sqlite_utils.Database) -> None:
    parents(db, 1)
    tpl = templates.find("en/parent-meeting")
    with pytest.raises(OutreachError, match="date, place, time, topic"):
        compose.create_message(db, tpl)
    with pytest.raises(OutreachError, match="guardian"):
        compose.create_message(db, tpl, values={"date": "1", "time": "2", "place": "3", "topic": "4",
                                                "guardian": "x"})


def test_user_template_added_and_found(tmp_path: Path) -> None:
    source = tmp_path / "my.md"
    source.write_text("---\ntitle: Субботник\nvariables: {date: дата}\n---\n{{ guardian.dear }}! Субботник {{ date }}.\n",
                      encoding="utf-8")
    added = templates.add_user_template(source, "cleanup", "ru")
    assert added.path and added.path.is_file()
    assert templates.find("ru/cleanup").source == "user"
    with pytest.raises(OutreachError):
        templates.add_user_template(source, "cleanup", "ru")
    (tmp_path / "bad.md").write_text("no front matter", encoding="utf-8")
    with pytest.raises(OutreachError, match="front matter"):
        templates.add_user_template(tmp_path / "bad.md", "bad", "ru")


def test_plan_preferred_duplicate_fallback_and_consent(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    freeze(monkeypatch, 12)
    ids = parents(db, 4)
    set_setting(db, "default_channels", "telegram,email")
    roster.set_consent(db, [ids[3]], False)
    set_preferences(db, ids[2], opt_out=["telegram", "email"])
    tpl = templates.find("ru/ice-safety")
    preferred = batch.plan(db, compose.create_message(db, tpl, broadcast=["vk_group", "paper"]))
    assert preferred["by_channel"] == {"telegram": 2, "phone": 1, "vk_group": 1, "paper": 1}
    # ids[2] is reached by the phone call it is planned for: in that bucket, not also «unreachable»
    assert preferred["unreachable"] == [] and preferred["no_consent"] == [ids[3]]
    duplicate = batch.plan(db, compose.create_message(db, tpl, mode="duplicate"))
    assert duplicate["by_channel"] == {"email": 2, "telegram": 2, "phone": 1}
    with pytest.raises(OutreachError):
        compose.create_message(db, tpl, broadcast=["fax"])
    with pytest.raises(OutreachError):
        compose.create_message(db, tpl, audience=["group:11Я"])


def test_quiet_hours_defer_never_drop(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ids = parents(db, 3, channel="sms")
    set_setting(db, "quiet_hours", "21:00-08:00")
    set_preferences(db, ids[0], quiet="23:00-07:00")
    freeze(monkeypatch, 22, 15)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), broadcast=["site"])
    plan = batch.plan(db, message_id)
    assert plan["deferred"] == 2 and plan["by_channel"] == {"sms": 3, "site": 1}
    assert plan["deferred_until"] == {"2026-11-29T08:00" + _offset(): 2}
    report = send_message(db, message_id, folder=tmp_path / "out")
    assert (report.deferred, report.exported) == (2, 2)  # the site post and the one parent outside quiet hours
    waiting = compose.delivery_log(db, message_id, ["queued"])
    assert {r["guardian_id"] for r in waiting} == {ids[1], ids[2]}
    assert all(r["not_before"].startswith("2026-11-29T08:00") for r in waiting)
    freeze(monkeypatch, 23, 30)
    assert send_message(db, message_id, folder=tmp_path / "out").deferred == 2
    set_setting(db, "quiet_hours", "off")  # settings of the moment decide
    report = send_message(db, message_id, folder=tmp_path / "out")
    assert report.exported == 2 and report.deferred == 0
    import csv

    from outreach.common.safe_csv import restore

    with open(tmp_path / "out" / "sms.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))[1:]
    assert sorted(restore(phone) for phone, _ in rows) == ["+79120000000", "+79120000001", "+79120000002"]
    assert all(text.startswith("Уважаемая Анна Викторовна!") for _, text in rows)


def _offset() -> str:
    return datetime(2026, 11, 29, 8, tzinfo=LOCAL).isoformat(timespec="minutes")[len("2026-11-29T08:00"):]


def test_consent_and_opt_out_checked_again_at_send_time(db: sqlite_utils.Database, tmp_path: Path) -> None:
    ids = parents(db, 3, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    roster.set_consent(db, [ids[0]], False)
    set_preferences(db, ids[1], opt_out=["sms"])
    report = send_message(db, message_id, folder=tmp_path)
    assert (report.skipped, report.exported) == (2, 1)
    reasons = {r["guardian_id"]: r["error"] for r in compose.delivery_log(db, message_id, ["skipped"])}
    assert reasons == {ids[0]: "no_consent", ids[1]: "opted_out"}


def test_not_answered_audience(db: sqlite_utils.Database) -> None:
    ids = parents(db, 3)
    now = clock.now_iso()
    survey = db.execute("INSERT INTO surveys(title, created_at) VALUES ('Каналы', ?)", [now]).lastrowid
    db.execute("INSERT INTO survey_responses(survey_id, source, guardian_id, created_at) VALUES (?, 'manual', ?, ?)",
               [survey, ids[1], now])
    message_id = compose.create_message(db, templates.find("ru/survey-invitation"),
                                        audience=[f"not-answered:{survey}"],
                                        values={"link": "https://forms.yandex.ru/x", "deadline": "1 декабря"})
    recipients = {r["guardian_id"] for r in compose.delivery_log(db, message_id)}
    assert recipients == {ids[0], ids[2]}
    with pytest.raises(OutreachError):
        compose.resolve_audience(db, compose.parse_audience(["not-answered:999"]))
    with pytest.raises(OutreachError):
        compose.parse_audience(["class:10А"])


def test_several_classes_typed_as_a_list_are_each_class() -> None:
    """«10А 10Б» or «10а и 10б» (the app's duplicate prompt, `--audience`) named a class «10А
    10Б» that no roster has; a name with a space is still one group."""
    both = [("group", "10А"), ("group", "10Б")]
    for typed in (["10А 10Б"], ["10а и 10б"], ["group:10А 10Б"], ["группа:10 А, 10 Б"], ["10А", "10Б"]):
        assert compose.parse_audience(typed) == both, typed
    assert compose.parse_audience(["group:Автошкола В-1"]) == [("group", "Автошкола В-1")]
    assert compose.parse_audience(["группа:10А, Автошкола В-1"]) == [("group", "10А"), ("group", "Автошкола В-1")]
    for refused in (["11"], ["10А и Автошкола"]):  # a number alone may be an id
        with pytest.raises(OutreachError):
            compose.parse_audience(refused)


def test_forget_leaves_no_trace_in_messages(db: sqlite_utils.Database, tmp_path: Path) -> None:
    ids = parents(db, 3, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), broadcast=["paper"])
    send_message(db, message_id, folder=tmp_path)
    assert "+79120000001" in (tmp_path / "sms.csv").read_text(encoding="utf-8")
    forget_family(db, guardian_id=ids[1])
    rows = db.execute("SELECT count(*) FROM deliveries WHERE guardian_id = ?", [ids[1]]).fetchone()[0]
    assert rows == 0
    assert db.execute("SELECT count(*) FROM deliveries WHERE message_id = ?", [message_id]).fetchone()[0] == 3
    stored = " ".join(str(v) for row in db.execute("SELECT * FROM messages").fetchall() for v in row)
    assert "+79120000001" not in stored and "Иван1" not in stored
    assert "+79120000001" not in (tmp_path / "sms.csv").read_text(encoding="utf-8")


def test_exported_files(db: sqlite_utils.Database, tmp_path: Path) -> None:
    parents(db, 2, channel="sms")
    set_setting(db, "links.vk_group", "https://vk.com/school7_parents")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"),
                                        broadcast=["site", "vk_group", "paper"])
    report = send_message(db, message_id, folder=tmp_path)
    assert report.exported == 5 and report.folder == str(tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert {"post.md", "post.html", "vk_group.txt", "memo.html", "sms.csv"} <= names
    memo = (tmp_path / "memo.html").read_text(encoding="utf-8")
    assert "<svg" in memo and "https://vk.com/school7_parents" in memo and "font-size:20pt" in memo
    post = (tmp_path / "post.md").read_text(encoding="utf-8")
    assert post.startswith("# Памятка") and "Уважаемые родители!" in post and "Анна" not in post
    sms = (tmp_path / "sms.csv").read_text(encoding="utf-8")
    assert "\n'+7912" in sms  # written through safe_csv: a leading + cannot start a formula
    assert oct((tmp_path / "sms.csv").stat().st_mode & 0o777) == "0o600"


def test_a_parent_skipped_for_consent_gets_the_message_once_consent_is_recorded(
        db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A new teacher imports her list (no consent column), writes to everyone, reads «no
    consent 2», records the forms she has and sends again: the message went to nobody new —
    its rows had been settled as skipped when it was planned, though consent is judged when a
    delivery is attempted. The teacher's send plans them again (every channel of a parent in
    `duplicate` mode, each once); the unattended send-due does not."""
    ids = parents(db, 3)
    roster.set_consent(db, ids[:2], False)
    set_preferences(db, ids[1], prefer=["email", "sms"])
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        message_id = compose.create_message(db, templates.find("ru/ice-safety"), mode="duplicate")
        plan = batch.plan(db, message_id)
        assert plan["no_consent"] == ids[:2] and plan["by_channel"] == {"email": 1}
        assert batch.nobody_reasons(plan) == [
            "Parents without a recorded consent to personal-data processing: 2; once they give it,"
            " record it and send again: the message goes to them then."]
        assert send_message(db, message_id).sent == 1

        roster.set_consent(db, ids[:2], True)
        assert send_due(db).sent == 0  # nobody confirmed a send to them
        assert batch.plan(db, message_id)["by_channel"] == {"email": 2, "sms": 1}
        rehearsal = send_message(db, message_id, dry_run=True)
        assert (rehearsal.sent, rehearsal.exported, rehearsal.replanned) == (2, 1, 2)
        assert compose.delivery_counts(db, message_id)["skipped"] == 2  # a dry run stores nothing

        report = send_message(db, message_id, folder=tmp_path)
        assert (report.sent, report.exported, report.replanned) == (2, 1, 2)
        assert send_message(db, message_id, folder=tmp_path).sent == 0
    assert box.recipients() == Counter(f"parent{i}@example.ru" for i in range(3))
    rows = sorted((r["guardian_id"], r["channel"], r["status"]) for r in compose.delivery_log(db, message_id))
    assert rows == sorted([(ids[0], "email", "sent"), (ids[1], "email", "sent"), (ids[1], "sms", "exported"),
                           (ids[2], "email", "sent")])
