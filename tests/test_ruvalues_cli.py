"""Option values in Russian words (issue 15): an audience's kind, a delivery mode, a status, a
question type, what survey respondents are matched by and a roster file's delimiter are typed
as their codes or as the words the interface shows for them, in the forms a teacher types; the
command does what the code does, stores and prints the codes (`--json` unchanged). A word none
of them names is refused in a sentence listing the words."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from tests.messages_support import parents

SURVEYS = Path(__file__).parent / "data" / "surveys"
ROSTERS = Path(__file__).parent / "data"


def flat(text: str) -> str:
    """Output as words: no panel borders, line breaks or no-break spaces."""
    return " ".join(text.replace("│", " ").replace("\u00a0", " ").split())


def _messages(cli) -> dict[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    return {row["id"]: row for row in cli.json("message", "list")}


@pytest.mark.parametrize(("audience", "mode", "codes"), [
    (["группа:10а"], "удобный", (["group:10А"], "preferred")),
    (["Все родители"], "все каналы", (["all"], "duplicate")),
    (["Всё", "не-ответили:1"], "Удобный канал", (["all", "not-answered:1"], "preferred")),
    (["Класс:10а", "опекун:1"], "preferred", (["group:10А", "guardian:1"], "preferred")),
])
def test_message_audience_and_mode_in_words_are_stored_as_codes(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                                 audience: list[str], mode: str,
                                                                 codes: tuple[list[str], str]) -> None:
    ids = parents(db, 2)
    assert cli.json("survey", "new", "--template", "channels")["id"] == 1  # nobody has answered it
    words = ["--lang", "ru", "message", "new", "--template", "ice-safety", "--mode", mode]
    for spec in audience:
        words += ["--audience", spec]
    made = cli.json(*words)["id"]
    shown = _messages(cli)[made]
    assert (shown["audience"], shown["mode"]) == codes
    plan = cli.json("message", "plan", str(made))
    assert sum(plan["by_channel"].values()) == len(ids)
    twin = cli.json("message", "duplicate", str(made), "--audience", "родитель:" + str(ids[0]))["id"]
    assert _messages(cli)[twin]["audience"] == [f"guardian:{ids[0]}"]


def test_an_unknown_mode_is_refused_naming_the_words(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1)
    refused = cli("--lang", "ru", "message", "new", "--template", "ice-safety", "--mode", "иногда")
    assert refused.exit_code == 2
    assert "«иногда»" in flat(refused.stderr) and "удобный канал, все каналы" in flat(refused.stderr)
    wrong = cli("--lang", "ru", "message", "new", "--template", "ice-safety", "--audience", "ученики:10А")
    assert wrong.exit_code == 1 and "группа:КЛАСС" in flat(wrong.stderr)
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_delivery_log_status_in_words(cli, db: sqlite_utils.Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    parents(db, 2, channel="sms")
    made = str(cli.json("message", "new", "--template", "ice-safety")["id"])
    assert cli("message", "send", made, "--yes", "--out", str(tmp_path / "out")).exit_code == 0
    exported = cli.json("message", "log", made, "--status", "exported")
    assert len(exported) == 2
    assert cli.json("--lang", "ru", "message", "log", made, "--status", "В файлах") == exported
    assert cli.json("message", "log", made, "--status", "в файле") == exported  # another form
    assert cli.json("message", "log", made, "--status", "неудачные", "--status", "Ошибки") == []
    refused = cli("--lang", "ru", "message", "log", made, "--status", "потеряно")
    assert refused.exit_code == 2 and "«потеряно»" in flat(refused.stderr) and "ошибка" in flat(refused.stderr)


def test_contest_invitation_audience_and_mode_in_words(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo").exit_code == 0
    contest = max(row["id"] for row in cli.json("contest", "list"))
    made = cli.json("--lang", "ru", "contest", "invite", str(contest), "--audience", "Группа:10Б",
                    "--mode", "все")["id"]
    shown = _messages(cli)[made]
    assert (shown["audience"], shown["mode"]) == (["group:10Б"], "duplicate")
    default = cli.json("--lang", "ru", "contest", "invite", str(contest))["id"]  # «удобный канал» by default
    assert _messages(cli)[default]["mode"] == "preferred"


@pytest.fixture
def demo(cli):  # type: ignore[no-untyped-def]
    assert cli("demo").exit_code == 0
    return cli


@pytest.mark.parametrize(("word", "code"), [("несколько", "multiple"), ("Один вариант", "single"),
                                            ("да/нет", "yesno"), ("шкала", "scale"), ("свободный ответ", "text")])
def test_question_type_in_words(demo, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    survey = demo.json("survey", "import", str(SURVEYS / "new_ru.csv"), "--new", "Собрание")["survey"]
    question = demo.json("survey", "show", str(survey))["questions"][4]["id"]
    assert demo("--lang", "ru", "survey", "question", str(question), "--type", word).exit_code == 0
    assert demo.json("survey", "show", str(survey))["questions"][4]["type"] == code
    refused = demo("--lang", "ru", "survey", "question", str(question), "--type", "эссе")
    assert refused.exit_code == 2 and "несколько вариантов" in flat(refused.stderr)


def test_survey_answers_matched_by_email_in_words(demo) -> None:  # type: ignore[no-untyped-def]
    by_code = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    by_word = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    coded = demo.json("survey", "import", str(SURVEYS / "google_ru.csv"), "--survey", str(by_code), "--match", "email")
    worded = demo.json("--lang", "ru", "survey", "import", str(SURVEYS / "google_ru.csv"), "--survey", str(by_word),
                       "--match", "Эл. почта")
    assert (worded["imported"], worded["matched"]) == (coded["imported"], coded["matched"]) == (5, 4)
    refused = demo("--lang", "ru", "survey", "import", str(SURVEYS / "google_ru.csv"), "--survey", str(by_word),
                   "--match", "имя")
    assert refused.exit_code == 2 and "эл. почта, телефон" in flat(refused.stderr)


def test_roster_delimiter_in_words(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    tab = cli.json("--lang", "ru", "roster", "import", str(ROSTERS / "parents.tsv"), "--delimiter", "табуляция")
    assert tab["guardians"]["created"] == 2
    refused = cli("--lang", "ru", "roster", "import", str(ROSTERS / "parents.tsv"), "--delimiter", "пробел")
    assert refused.exit_code == 1 and "табуляция, точка с запятой, запятая" in flat(refused.stderr)
