"""Refusals of bad input in Russian (issue 15): one sentence, the right exit code, the field
named as the teacher typed it, no English words besides codes she types (smtp.host, --set),
and nothing stored."""

from __future__ import annotations

import re

import pytest

from outreach.roster import guardians as roster

LATIN_WORDS = re.compile(r"(?<![-.\w{])[A-Za-z]{3,}\b(?![.:=_])")


def latin(text: str) -> list[str]:
    """Latin words outside codes: options (--set), settings keys (smtp.host), commands."""
    return [w for w in LATIN_WORDS.findall(text) if w not in {"outreach", "set"}]


@pytest.fixture
def parent(db) -> int:
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "email": "anna@example.ru"})
    roster.set_consent(db, [gid], True)
    return gid


def test_a_bad_phone_names_the_option_in_russian(cli, db) -> None:
    result = cli("--lang", "ru", "roster", "add-guardian", "--surname", "Тест", "--phone", "12345")
    assert result.exit_code == 1
    assert result.stderr.strip() == "--phone: недействительный номер телефона."
    assert db.execute("SELECT count(*) FROM guardians").fetchone() == (0,)


def test_a_bad_field_outside_the_cli_is_named_in_words(db, parent: int) -> None:
    from outreach.common.i18n import set_language

    set_language("ru")
    with pytest.raises(roster.InvalidField, match="^E-mail: недействительный адрес"):
        roster.edit_guardian(db, parent, {"email": "anna@@bk"})
    with pytest.raises(roster.InvalidField, match="^Телефон: "):
        roster.edit_guardian(db, parent, {"phone": "12345"})


def test_an_impossible_date_is_refused_in_russian(cli, db, parent: int) -> None:
    before = db.execute("SELECT * FROM guardians").fetchall()
    result = cli("--lang", "ru", "roster", "consent", str(parent), "--given", "--date", "31.02.2026")
    assert result.exit_code == 2
    shown = " ".join(result.stderr.replace("│", " ").split())
    assert "«31.02.2026» — не дата: введите её как ДД.ММ.ГГГГ или ГГГГ-ММ-ДД." in shown
    assert latin(shown.split("Ошибка", 1)[1]) == []
    assert db.execute("SELECT * FROM guardians").fetchall() == before


def test_an_unknown_placeholder_is_refused_in_russian(cli, db, parent: int) -> None:
    result = cli("--lang", "ru", "message", "new", "--text", "Здравствуйте, {{ datee }}", "--audience", "all")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Для шаблона нужны значения: datee. Укажите их через --set, например --set datee=…"
    assert db.execute("SELECT count(*) FROM messages").fetchone() == (0,)


def test_missing_smtp_settings_are_named_in_russian(cli, db, parent: int) -> None:
    from outreach.settings.values import set_setting

    set_setting(db, "quiet_hours", "off")
    set_setting(db, "default_channels", "email")
    message_id = cli.json("message", "new", "--template", "ru/ice-safety", "--audience", "all")["id"]
    result = cli("--lang", "ru", "message", "send", str(message_id), "--yes")
    assert result.exit_code == 1
    assert "Почта не настроена: не указан почтовый сервер (smtp.host)" in result.stderr
    assert f"Из сообщения {message_id} ничего не отправлено" in result.stderr
    assert latin(result.stderr) == []
    assert db.execute("SELECT count(*) FROM deliveries WHERE status = 'sent'").fetchone() == (0,)


def test_quiet_hours_are_switched_off_with_the_russian_word_the_refusal_names(cli, parent: int) -> None:
    refused = cli("--lang", "ru", "channels", "set", str(parent), "--quiet", "25:00-07:00")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "25:00-07:00 — не ЧЧ:ММ-ЧЧ:ММ (например 21:00-08:00) и не «нет»."
    assert cli("--lang", "ru", "channels", "set", str(parent), "--quiet", "нет").exit_code == 0
    assert "Тихие часы: выключены (свои у родителя)." in cli("--lang", "ru", "channels", "show", str(parent)).stdout
    assert cli.json("channels", "show", str(parent))["quiet_hours"] == "off"


def test_a_russian_question_takes_a_russian_yes_and_anything_else_is_no(cli, db, parent: int) -> None:
    asked = cli("--lang", "ru", "roster", "forget", "--guardian", str(parent), input="н\n")
    assert asked.exit_code == 1 and "[д/Н]" in asked.output and "[y/N]" not in asked.output
    assert db.execute("SELECT count(*) FROM guardians").fetchone() == (1,)
    assert cli("--lang", "ru", "roster", "forget", "--guardian", str(parent), input="да\n").exit_code == 0
    assert db.execute("SELECT count(*) FROM guardians").fetchone() == (0,)


def test_a_yes_no_setting_takes_the_russian_word_and_refuses_in_russian(cli, db) -> None:
    from outreach.settings.values import all_settings

    refused = cli("--lang", "ru", "settings", "set", "inbox.absence_thanks", "может")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "может: для inbox.absence_thanks нужно «да» или «нет»."
    assert cli("--lang", "ru", "settings", "set", "inbox.absence_thanks", "Нет").exit_code == 0
    assert all_settings(db)["inbox.absence_thanks"] == "no"


@pytest.mark.parametrize("body", ["Здравствуйте!\nЖдём вас {{ date }", "{% if date %}Ждём вас{% endiff %}",
                                  "Ждём вас {{ date } в {{ time }}"])
def test_a_template_that_does_not_parse_is_explained_in_russian(body: str) -> None:
    from outreach.common.errors import OutreachError
    from outreach.common.i18n import set_language
    from outreach.messages.templates import compile_text

    set_language("ru")
    try:
        with pytest.raises(OutreachError) as refused:
            compile_text(body)
    finally:
        set_language("en")
    message = refused.value.message
    assert message.startswith("Ошибка в шаблоне в строке "), message
    assert latin(message.replace(body.splitlines()[-1][:40], "")) == [], message  # no Jinja English
    with pytest.raises(OutreachError, match="^Template error on line [12]: "):
        compile_text(body)  # in English Jinja's own reason
