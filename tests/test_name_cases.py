"""Russian names in their case in templates: «поговорите с {{ student.name | творительный }}»
→ «с Кириллом», by the petrovich rules; the gender from the roster, else from the name, and
a name left as written when its gender cannot be told and the forms differ."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from outreach.cli.main import app as cli
from outreach.common.errors import OutreachError
from outreach.messages import compose, templates
from outreach.messages.delivery.send import send_message
from outreach.messages.name_cases import person
from outreach.messages.template_tokens import placeholders, to_jinja, to_tokens
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from tests.messages_support import Mailbox, local_smtp


def _child(surname: str, name: str, patronymic: str = "") -> dict[str, object]:
    return {"student": person(surname, name, patronymic)}


@pytest.mark.parametrize(("source", "context", "expected"), [
    ("с {{ student.name | творительный }}", _child("Иванов", "Кирилл"), "с Кириллом"),
    ("с {{ student.first_name | instrumental }}", {"student": {"first_name": person(name="Мария")["name"]}}, "с Марией"),
    ("для {{ student.name | родительный }}", _child("Смирнов", "Артём"), "для Артёма"),
    ("{{ student.name | дательный }}", _child("Орлов", "Никита"), "Никите"),
    ("у {{ student.full_name | родительный }}", _child("Орлов", "Никита"), "у Орлова Никиты"),
    ("у {{ student.full_name | родительный }}", _child("Шевчук", "Дарья"), "у Шевчук Дарьи"),
    ("у {{ student.full_name | родительный }}", _child("Шевчук", "Кирилл"), "у Шевчука Кирилла"),
    ("о {{ student.full_name | предложный }}", _child("Шевчук", "Саша", "Петровна"), "о Шевчук Саше Петровне"),
    # «Саша» takes the same forms for a boy and a girl; «Ким», «Саша Шевчук» do not: kept as written
    ("с {{ student.name | творительный }}", _child("Шевчук", "Саша"), "с Сашей"),
    ("с {{ student.full_name | творительный }}", _child("Шевчук", "Саша"), "с Шевчук Саша"),
    ("с {{ student.name | творительный }}", _child("Пак", "Ким"), "с Ким"),
    ("с {{ student.name | творительный }}", _child("Smith", "John"), "с John"),
    ("{{ 'Иван' | винительный }} и {{ 'Анна Викторовна' | dative }}", {}, "Ивана и Анне Викторовне"),
])
def test_a_name_takes_its_case(source: str, context: dict[str, object], expected: str) -> None:
    assert templates.render(source, context) == expected


def test_the_parents_gender_from_the_roster_declines_a_name_petrovich_cannot_tell() -> None:
    father = compose.guardian_context("Шевчук", "Саша", "", "m", "ru")
    mother = compose.guardian_context("Шевчук", "Саша", "", "f", "ru")
    source = "{{ guardian.full_name | дательный }}"
    assert templates.render(source, {"guardian": father}) == "Шевчуку Саше"
    assert templates.render(source, {"guardian": mother}) == "Шевчук Саше"


def test_the_public_posts_parents_take_the_case_too() -> None:
    public = compose.broadcast_context({}, "ru")
    assert templates.render("Напоминаем {{ guardian.polite | дательный }}", public) == "Напоминаем родителям"


def _family(db: sqlite_utils.Database, child: tuple[str, str], parent: tuple[str, str, str], email: str) -> int:
    sid = roster.add_student(db, *child, "", "10А")
    surname, name, patronymic = parent
    gid = roster.add_guardian(db, {"surname": surname, "name": name, "patronymic": patronymic, "email": email},
                              [(sid, "mother")])
    roster.set_consent(db, [gid], True)
    return gid


def _mail_settings(db: sqlite_utils.Database) -> None:
    for key, value in (("default_channels", "email"), ("quiet_hours", "off"), ("smtp.rate", "0"),
                       ("teacher_name", "Ольга Николаевна Белова")):
        set_setting(db, key, value)


def test_the_shipped_letters_name_the_child_in_its_case(db: sqlite_utils.Database) -> None:
    gid = _family(db, ("Иванов", "Кирилл"), ("Иванова", "Анна", "Викторовна"), "anna@example.ru")
    _mail_settings(db)
    shown = {slug: compose.preview(db, compose.create_message(db, templates.find(f"ru/{slug}")), gid)["text"]
             for slug in ("ice-safety", "water-safety", "bicycles-scooters")}
    assert "поговорите с Кириллом об этих" in shown["ice-safety"]
    assert "обсудите это с Кириллом до поездки" in shown["water-safety"]
    assert "звонок на велосипеде у Кирилла." in shown["bicycles-scooters"]


def test_a_mail_sent_names_the_girl_in_her_case(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _family(db, ("Шевчук", "Мария"), ("Шевчук", "Анна", "Викторовна"), "anna@example.ru")
    _mail_settings(db)
    mailbox = Mailbox()
    with local_smtp(monkeypatch, mailbox):
        message_id = compose.create_message(
            db, templates.blank("ru", "{{ guardian.dear }}! Поговорите, пожалуйста,{% if student %} с {{ student.full_name | творительный }}{% endif %}"
                                      " — {{ guardian.polite | дательный }} спасибо."), audience=["all"])
        assert send_message(db, message_id).sent == 1
    text = mailbox.messages[0].get_body(("plain",)).get_content()
    assert "Уважаемая Анна Викторовна! Поговорите, пожалуйста, с Шевчук Марией — Анне Викторовне спасибо." in text


def test_an_unknown_filter_is_refused_before_anything_is_stored(db: sqlite_utils.Database) -> None:
    _family(db, ("Иванов", "Кирилл"), ("Иванова", "Анна", "Викторовна"), "anna@example.ru")
    with pytest.raises(OutreachError) as refused:
        compose.create_message(db, templates.blank("ru", "Поговорите с {{ student.name | творительнй }}"))
    assert "«творительнй»" in str(refused.value) and "line 1" in str(refused.value)
    assert "родительный, дательный, винительный, творительный, предложный" in str(refused.value)
    assert "genitive, dative, accusative, instrumental, prepositional" in str(refused.value)
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_the_cli_refuses_an_unknown_filter_in_russian(db_path: Path, db: sqlite_utils.Database) -> None:
    _family(db, ("Иванов", "Кирилл"), ("Иванова", "Анна", "Викторовна"), "anna@example.ru")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--lang", "ru", "message", "new",
                                      "--text", "Привет\n\nс {{ student.name | instrumentall }}"])
    assert result.exit_code != 0
    assert "фильтра «instrumentall» нет" in result.output and "творительный" in result.output
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_a_teacher_types_a_case_as_a_token() -> None:
    jinja = "Поговорите {% if student %}с {{ student.name | творительный }}{% else %}с ребёнком{% endif %}."
    shown = to_tokens(jinja, "ru")
    assert shown == "Поговорите [если указан ребёнок: с [имя ребёнка, творительный] | иначе: с ребёнком]."
    assert to_jinja(shown, "ru") == jinja
    assert to_jinja("для [child's name, genitive]", "ru") == "для {{ student.name | genitive }}"


def test_the_placeholder_list_offers_each_case_in_both_languages() -> None:
    shown = {p.text: p.label for p in placeholders("ru")}
    assert shown["[имя ребёнка, творительный]"] == "[имя ребёнка, творительный] — имя ребёнка в падеже, «с Кириллом»"
    assert "{{ guardian.polite | дательный }}" in shown
    assert "[child's name, instrumental]" in {p.text for p in placeholders("en")}
