"""Issue 12 in the CLI: an unconfigured channel stops `message send` before anything goes,
the confirmation names the audience, and the summary equals the log."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.roster import guardians as roster
from tests.messages_support import Mailbox, local_smtp, parents


@pytest.fixture
def no_telegram_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN", raising=False)
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def _statuses(db: sqlite_utils.Database, message_id: int) -> Counter[str]:
    return Counter(str(row["status"]) for row in compose.delivery_log(db, message_id))


def test_telegram_without_a_token_exits_1_and_sends_nothing(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                            no_telegram_token: None) -> None:
    parents(db, 2, channel="telegram")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    before = _statuses(db, message_id)
    for args in (("--yes",), ("--yes", "--json"), ()):
        result = cli("message", "send", str(message_id), *args, input="y\n")
        assert result.exit_code == 1, result.stdout
        assert "Telegram" in result.stderr and "OUTREACH_TELEGRAM_TOKEN" in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert _statuses(db, message_id) == before == {"queued": 2}
    audit = db.execute("SELECT count(*) FROM audit_log WHERE action = 'send'").fetchone()[0]
    assert audit == 0
    dry = cli("message", "send", str(message_id), "--dry-run")
    assert dry.exit_code == 0 and "OUTREACH_TELEGRAM_TOKEN" in dry.stderr


def test_email_without_a_server_names_smtp_host_in_russian(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_SMTP_HOST", raising=False)
    parents(db, 3, channel="email")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    result = cli("--lang", "ru", "message", "send", str(message_id), "--yes")
    assert result.exit_code == 1
    assert "Почта не настроена" in result.stderr and "smtp.host" in result.stderr
    assert "ничего не отправлено" in result.stderr
    assert _statuses(db, message_id) == {"queued": 3}


def test_summary_and_json_totals_equal_the_log(cli, db: sqlite_utils.Database, mailbox: Mailbox) -> None:  # type: ignore[no-untyped-def]
    ids = parents(db, 5, channel="email")
    roster.set_consent(db, ids[:3], False)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    result = cli("message", "send", str(message_id), "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"sent", "failed", "deferred", "skipped", "unknown"} <= set(report)  # the contract stays
    log = Counter(row["status"] for row in cli.json("message", "log", str(message_id)))
    assert log == {"skipped": 3, "sent": 2}
    assert report["totals"]["skipped"] == log["skipped"] == 3
    assert report["totals"]["sent"] == log["sent"] == len(mailbox.messages) == 2
    again = cli("message", "send", str(message_id), "--yes")
    assert again.exit_code == 0
    assert f"Message {message_id} in the log: sent 2, failed 0, waiting for quiet hours 0, skipped 3" in again.stdout



def test_send_says_which_counts_are_this_sends_and_which_the_logs(cli, db: sqlite_utils.Database, mailbox: Mailbox) -> None:  # type: ignore[no-untyped-def]
    """«пропущено 0» stood next to «пропущено 11» with nothing to tell this send's count from
    the message's whole log."""
    ids = parents(db, 5, channel="email")
    roster.set_consent(db, ids[:3], False)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert cli("message", "send", str(message_id), "--yes").exit_code == 0
    again = cli("--lang", "ru", "message", "send", str(message_id), "--yes")
    assert again.exit_code == 0, again.stderr
    run, log = again.stdout.splitlines()[:2]
    assert run.startswith("В этот раз: отправлено 0,") and "пропущено 0," in run
    assert log.startswith(f"Сообщение {message_id} по журналу, за все отправки: отправлено 2,")
    assert "пропущено 3," in log

def test_confirmation_names_the_audience_in_words(cli, db: sqlite_utils.Database, mailbox: Mailbox) -> None:  # type: ignore[no-untyped-def]
    parents(db, 2, channel="email", group="10Б")
    parents(db, 22, channel="email", group="10Б")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["group:10Б"])
    refused = cli("--lang", "ru", "message", "send", str(message_id), input="n\n")
    assert refused.exit_code == 1
    assert "родители 10Б, 24 человека" in refused.stderr
    assert _statuses(db, message_id) == {"queued": 24} and not mailbox.messages


def test_a_message_without_a_template(cli, db: sqlite_utils.Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = parents(db, 2, channel="sms")
    text = "Завтра экскурсия в музей\n\n{{ guardian.dear }}! Сбор в 9:00 у школы, {{ place }}."
    created = cli.json("--lang", "ru", "message", "new", "--text", text, "--set", "place=главный вход")
    message = compose.get_message(db, created["id"])
    assert message.template == templates.BLANK and message.body == text
    assert message.subject == "Завтра экскурсия в музей"
    preview = cli("message", "preview", str(created["id"]), "--guardian", str(ids[0]))
    assert "Уважаемая Анна Викторовна! Сбор в 9:00 у школы, главный вход." in preview.stdout
    source = tmp_path / "note.md"
    source.write_text("Parents' evening moved to Friday.", encoding="utf-8")
    from_file = cli.json("message", "new", "--text-file", str(source), "--subject", "Moved")
    assert compose.get_message(db, from_file["id"]).subject == "Moved"
    # a template's text can be replaced too; --template alone still works as before
    own = cli.json("message", "new", "--template", "ru/ice-safety", "--text", "Только одна строка.")
    assert compose.get_message(db, own["id"]).body == "Только одна строка."
    assert cli.json("message", "new", "--template", "ru/ice-safety")["id"] > own["id"]


def test_a_message_needs_a_text_or_a_template(cli, db: sqlite_utils.Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1)
    before = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    for args, words in ((), "--template"), (("--text", "  "), "no text"), \
            (("--text", "a", "--text-file", str(tmp_path / "x.md")), "not both"), \
            (("--text-file", str(tmp_path / "missing.md")), "missing.md"):
        result = cli("message", "new", *args)
        assert result.exit_code == 1, (args, result.stdout)
        assert words in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == before


def test_the_audience_in_words(db: sqlite_utils.Database) -> None:
    from outreach.common.i18n import set_language

    a = parents(db, 1, group="10А")
    b = parents(db, 21, group="10Б")

    def words(*audience: str) -> str:
        return compose.describe_audience(db, compose.create_message(
            db, templates.find("ru/ice-safety"), audience=list(audience)))

    assert words("group:10А") == "parents of 10А, 1 person"
    assert words("group:10А", "group:10Б") == "parents of 10А, 10Б, 22 people"
    assert words("all", "group:10Б") == "all parents, 22 people"
    assert words(f"guardian:{a[0]}", f"guardian:{b[0]}") == "chosen parents (2), 2 people"
    set_language("ru")
    try:
        assert words("group:10Б") == "родители 10Б, 21 человек"
        assert words("group:10А", f"guardian:{b[0]}", f"guardian:{b[1]}") == \
            "родители 10А + выбранные родители (2), 3 человека"
        assert words("all") == "все родители, 22 человека"
    finally:
        set_language("en")
