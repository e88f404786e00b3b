"""A survey asked by the bots: one question a message over a local Telegram Bot API and a
local MAX, buttons for choices, the next text for a free answer, the answers in Surveys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.inbox.threads import list_threads
from outreach.messages import buttons
from outreach.settings.values import set_setting
from outreach.surveys import Option, Question, bot, create_survey, results
from tests.max_server import MaxServer
from tests.messages_support import TelegramApi, local_telegram, parents
from tests.test_max_api import TOKEN as MAX_TOKEN

CHAT = 100000


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


def meeting_survey(db: sqlite_utils.Database, multiple: bool = False) -> int:
    questions = [Question(None, "Когда вам удобнее прийти на собрание?", "single",
                          [Option(None, "В будни вечером"), Option(None, "В субботу утром")]),
                 Question(None, "Какие темы обсудить?", "text")]
    if multiple:
        questions.insert(1, Question(None, "Где удобнее получать новости?", "multiple",
                                     [Option(None, "Telegram"), Option(None, "MAX"), Option(None, "E-mail")]))
    return create_survey(db, "Родительское собрание", questions, lang="ru")


def keyboard(sent: dict[str, object]) -> list[tuple[str, str]]:
    markup = sent.get("reply_markup")
    rows = markup["inline_keyboard"] if isinstance(markup, dict) else []
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


def test_a_parent_answers_by_button_and_by_text(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:  # type: ignore[no-untyped-def]
    gid, other = parents(db, 2, channel="telegram")
    sid = meeting_survey(db)
    assert cli.json("survey", "send-bot", str(sid), "--dry-run") == {
        "survey": sid, "parents": 2, "by_channel": {"telegram": 2}, "asked_before": 0, "dry_run": True}
    asked = cli.json("survey", "send-bot", str(sid), "--yes")
    assert (asked["parents"], asked["sent"], asked["by_channel"]) == (2, 2, {"telegram": 2})
    first = api.received[0]
    assert "Когда вам удобнее прийти на собрание?" in str(first["text"]) and "вопрос 1 из 2" in str(first["text"])
    options = keyboard(first)
    assert [label for label, _ in options] == ["В будни вечером", "В субботу утром"]
    assert all(len(data.encode()) <= buttons.PAYLOAD_LIMIT for _, data in options)

    # the button: answered, the next question (free text, no buttons) goes to this parent only
    query = api.press(CHAT, options[1][1])
    cli.json("inbox", "fetch")
    assert api.answered == [{"callback_query_id": query, "text": "Ответ записан: В субботу утром"}]
    assert len(api.received) == 3
    assert api.received[2]["chat_id"] == str(CHAT) and "Какие темы обсудить?" in str(api.received[2]["text"])
    assert keyboard(api.received[2]) == []

    # the next text is the answer (not an inbox message); then the thank-you
    api.message(CHAT, "Питание в столовой и экскурсия")
    assert cli.json("inbox", "fetch")["new"] == {}
    assert list_threads(db) == []
    assert "Спасибо! Ваши ответы" in str(api.received[3]["text"])
    found = results(db, sid)
    assert found["responses"] == 1
    assert found["questions"][0]["answers"] == {"В будни вечером": 0, "В субботу утром": 1}
    assert found["questions"][1]["text_answers"] == ["Питание в столовой и экскурсия"]

    # a changed mind replaces the answer; nothing is sent again; a later text is an inbox message
    api.press(CHAT, options[0][1])
    api.press(CHAT, options[0][1])
    api.message(CHAT, "Спасибо за опрос!")
    assert cli.json("inbox", "fetch")["new"] == {"telegram": 1}
    assert len(api.received) == 4
    found = results(db, sid)
    assert (found["responses"], found["questions"][0]["answers"]) == (1, {"В будни вечером": 1, "В субботу утром": 0})
    assert cli.json("survey", "results", str(sid))["responses"] == 1

    # asked once: a second send reaches nobody new; the other parent has not answered
    assert cli("survey", "send-bot", str(sid), "--yes").exit_code == 1
    assert db.execute("SELECT guardian_id, question_id IS NULL FROM survey_bot_sessions ORDER BY guardian_id"
                      ).fetchall() == [(gid, 1), (other, 0)]


def test_a_button_of_a_question_not_asked_yet_or_of_a_stranger_counts_for_nothing(
        cli, db: sqlite_utils.Database, api: TelegramApi) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1, channel="telegram")
    sid = meeting_survey(db, multiple=True)
    bot.ask(db, sid)
    survey_questions = [qid for (qid,) in db.execute("SELECT id FROM survey_questions ORDER BY position")]
    later = db.execute("SELECT id FROM survey_options WHERE question_id = ?", [survey_questions[1]]).fetchone()[0]
    api.press(CHAT, bot.payload(sid, survey_questions[1], later))  # not asked yet
    api.press(CHAT + 5, keyboard(api.received[0])[0][1])  # not a parent of the roster
    cli.json("inbox", "fetch")
    assert [a["text"] for a in api.answered] == ["Ответ не засчитан: в опросе вам не задавали этот вопрос."] * 2
    assert results(db, sid)["responses"] == 0 and len(api.received) == 1

    # a multiple choice: presses mark and unmark, «Готово» moves on
    api.press(CHAT, keyboard(api.received[0])[0][1])
    cli.json("inbox", "fetch")
    labels = keyboard(api.received[1])
    assert [label for label, _ in labels] == ["Telegram", "MAX", "E-mail", "Готово"]
    for index in (0, 1, 0, 2, 3):
        api.press(CHAT, labels[index][1])
    cli.json("inbox", "fetch")
    assert [a["text"] for a in api.answered[-5:]] == ["Отмечено: Telegram", "Отмечено: MAX", "Отметка снята: Telegram",
                                                      "Отмечено: E-mail", "Спасибо, ответы записаны."]
    assert results(db, sid)["questions"][1]["answers"] == {"Telegram": 0, "MAX": 1, "E-mail": 1}
    assert "Какие темы обсудить?" in str(api.received[2]["text"]) and len(api.received) == 3


def test_quiet_hours_hold_the_next_question_until_send_due(
        cli, db: sqlite_utils.Database, api: TelegramApi, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    gid, = parents(db, 1, channel="telegram")
    sid = meeting_survey(db)
    bot.ask(db, sid)
    set_setting(db, "quiet_hours", "21:00-08:00")
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T22:30:00")
    api.press(CHAT, keyboard(api.received[0])[0][1])
    cli.json("inbox", "fetch")
    assert len(api.received) == 1 and len(api.answered) == 1  # recorded and answered; the question waits
    status, until = db.execute("SELECT status, not_before FROM deliveries WHERE guardian_id = ?"
                               " ORDER BY id DESC LIMIT 1", [gid]).fetchone()
    assert status == "queued" and until.startswith("2026-12-02T08:00")
    assert results(db, sid)["responses"] == 1
    assert cli.json("send-due")["sent"] == 0
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-02T08:05:00")
    assert cli.json("send-due")["sent"] == 1
    assert "Какие темы обсудить?" in str(api.received[1]["text"])


@pytest.fixture
def max_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(MAX_TOKEN) as server:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", MAX_TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", server.url)
        yield server


def test_the_same_survey_over_max(cli, db: sqlite_utils.Database, max_server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    from tests.test_max_link import family, link

    user = 9000100
    gid = family(db)
    link(cli, max_server, gid, user)
    sid = meeting_survey(db)
    assert bot.audience(db, sid).by_channel == {"max": 1}
    assert bot.ask(db, sid).sent == 1
    (first,) = max_server.sent
    (row,) = first["attachments"]  # type: ignore[misc]
    payloads = [b["payload"] for line in row["payload"]["buttons"] for b in line]
    callback = max_server.press(user, payloads[0])
    max_server.write(user, "Про питание")  # read in order: the press first, so this answers question 2
    cli.json("inbox", "fetch")
    assert max_server.answers == [{"callback_id": callback, "notification": "Ответ записан: В будни вечером"}]
    assert [("Какие темы" in text, "Спасибо!" in text) for text in max_server.texts(user)[1:]] == [
        (True, False), (False, True)]
    assert results(db, sid)["questions"][1]["text_answers"] == ["Про питание"]
    assert list_threads(db) == []


def test_send_bot_says_why_not_and_asks_first(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1, channel="telegram")
    sid = meeting_survey(db)
    no_bot = cli("survey", "send-bot", str(sid), "--yes")
    assert no_bot.exit_code == 1 and "No bot is set up" in no_bot.stderr
    assert cli("survey", "send-bot", "999", "--yes").exit_code == 1
    with local_telegram(monkeypatch) as api:
        declined = cli("survey", "send-bot", str(sid), input="n\n")
        assert declined.exit_code == 1 and "Parents to ask: 1 (Telegram: 1)" in declined.stdout
        assert api.received == [] and db.execute("SELECT count(*) FROM survey_bot_sessions").fetchone() == (0,)


def test_a_question_is_sent_as_written(db: sqlite_utils.Database, api: TelegramApi) -> None:
    parents(db, 1, channel="telegram")
    sid = create_survey(db, "Опрос {{ важный }}", [Question(None, "Сколько {детей} придёт? {% if %}", "text")], lang="ru")
    assert bot.ask(db, sid).sent == 1
    text = str(api.received[0]["text"])
    assert "Сколько {детей} придёт? {% if %}" in text and "Опрос {{ важный }}" in text
    assert keyboard(api.received[0]) == []
