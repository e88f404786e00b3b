"""Templates without code (tokens ⇄ Jinja, the teacher's own templates) and the SMS counter."""

from __future__ import annotations

import pytest

from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, set_language
from outreach.messages import templates
from outreach.messages.sms_length import MANY_PARTS, describe, sms_length
from outreach.messages.template_tokens import placeholders, to_jinja, to_tokens


@pytest.mark.parametrize(
    "template", templates.all_templates(), ids=lambda tpl: f"{tpl.lang}/{tpl.slug}"
)
def test_every_shipped_template_round_trips_and_shows_no_jinja(
    template: templates.Template,
) -> None:
    for part in (template.body, template.subject):
        shown = to_tokens(part, template.lang, template.variables)
        assert "{{" not in shown and "{%" not in shown
        assert to_jinja(shown, template.lang, template.variables) == part


def test_tokens_read_as_words_in_the_templates_language() -> None:
    meeting = templates.find("ru/parent-meeting")
    shown = to_tokens(meeting.body, "ru", meeting.variables)
    assert shown.startswith("[обращение]!")
    assert "собрание[если указан класс:  [класс] класса]." in shown
    assert "**Когда:** [дата], [время]" in shown
    english = templates.find("en/parent-meeting")
    assert to_tokens(english.body, "en", english.variables).startswith("[greeting],")


def test_an_else_part_and_power_users_jinja_survive() -> None:
    ice = templates.find("ru/ice-safety")  # (its own text no longer has an else part: session 18)
    shown = to_tokens("Спросите {% if student %}у {{ student.name }}{% else %}у ребёнка{% endif %}.", "ru", ice.variables)
    assert "[если указан ребёнок: у [имя ребёнка] | иначе: у ребёнка]" in shown
    jinja = "{{ guardian.dear }}! {% for s in students %}{{ s.name }} {% endfor %}[класс]"
    assert (
        to_jinja(jinja, "ru")
        == "{{ guardian.dear }}! {% for s in students %}{{ s.name }} {% endfor %}{{ group }}"
    )


def test_tokens_of_either_language_and_markdown_brackets() -> None:
    assert to_jinja("[greeting], [обращение]", "ru") == "{{ guardian.dear }}, {{ guardian.dear }}"
    text = "- [ ] [x] see [the site](https://example.org) and [1]"
    assert to_jinja(text, "en") == text


def test_an_unknown_token_is_named_with_its_line() -> None:
    set_language("ru")
    with pytest.raises(OutreachError) as caught:
        to_jinja("[обращение]!\n\nКабинет: [номер кабинета]", "ru")
    assert caught.value.message.startswith("Строка 3: «[номер кабинета]» — неизвестная подстановка")
    with pytest.raises(OutreachError, match=r"«\[если указан кот\]»"):
        to_jinja("[если указан кот: мяу]", "ru")


def test_placeholder_list_offers_variables_fields_and_optional_parts() -> None:
    meeting = templates.find("ru/parent-meeting")
    found = placeholders("ru", meeting.variables)
    texts = [p.text for p in found]
    assert texts[0] == "[дата]" and "[обращение]" in texts
    assert "[если указан класс: [класс]]" in texts
    assert any(p.label == "Часть текста — только если указан класс" for p in found)
    for placeholder in found:  # every entry reads back as Jinja
        assert "{" in to_jinja(placeholder.text, "ru", meeting.variables)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_shipped_template_saved_as_ones_own_wins(lang: str) -> None:
    base = templates.find(f"{lang}/parent-meeting")
    body = base.body.replace("{{ place }}", "{{ place }} (2nd floor)")
    saved = templates.save_user_template(base, "parent-meeting", lang, "Мое собрание", body)
    assert (
        saved.source == "user"
        and saved.path is not None
        and saved.path.stat().st_mode & 0o777 == 0o600
    )
    found = templates.find(f"{lang}/parent-meeting")
    assert (found.source, found.title, found.body) == ("user", "Мое собрание", body)
    assert found.variables == base.variables and found.channels == base.channels
    assert templates.user_template_exists("parent-meeting", lang)
    with pytest.raises(OutreachError):
        templates.save_user_template(base, "parent-meeting", lang, "again", body)
    with pytest.raises(OutreachError):
        templates.save_user_template(base, "Собрание", lang, "bad slug", body)


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("", "gsm7", 0, 0),
        ("x" * 160, "gsm7", 160, 1),
        ("x" * 161, "gsm7", 161, 2),
        ("x" * 306, "gsm7", 306, 2),
        ("€" * 80, "gsm7", 160, 1),
        ("Я" * 70, "ucs2", 70, 1),
        ("Я" * 71, "ucs2", 71, 2),
        ("Я" * 134, "ucs2", 134, 2),
        ("Я" * 135, "ucs2", 135, 3),
        ("😀" * 35, "ucs2", 70, 1),
        ("Hello, Мария", "ucs2", 12, 1),
    ],
)
def test_sms_length_and_parts(text: str, encoding: str, units: int, parts: int) -> None:
    sms = sms_length(text)
    assert (sms.encoding, sms.units, sms.parts) == (encoding, units, parts)


def test_more_than_three_parts_is_flagged_in_words() -> None:
    set_language("ru")
    long_one = sms_length("Я" * 430)
    assert long_one.parts == 7 and long_one.too_long and not sms_length("Я" * 201).too_long
    assert describe(long_one) == (
        f"СМС: 430 знаков, 7 частей (кодировка UCS-2) — больше {MANY_PARTS} частей, сократите текст"
    )
    assert describe(sms_length("Я" * 71)) == "СМС: 71 знак, 2 части (кодировка UCS-2)"


def test_cli_saves_a_shipped_template_as_ones_own_and_lists_it(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "message",
        "template-save",
        "ru/parent-meeting",
        "--as",
        "meeting-may",
        "--title",
        "Собрание в мае",
    )
    assert result.exit_code == 0, result.output
    assert "meeting-may (ru) saved as yours" in result.output
    listed = {
        tpl["slug"]: tpl for tpl in cli.json("message", "templates", "--all-languages", "--json")
    }
    assert (
        listed["meeting-may"]["source"] == "user"
        and listed["meeting-may"]["title"] == "Собрание в мае"
    )
    again = cli("message", "template-save", "ru/parent-meeting", "--as", "meeting-may")
    assert again.exit_code == 1 and "meeting-may" in again.output
    unknown = cli("message", "template-save", "no-such-template")
    assert unknown.exit_code != 0 and "Internal error" not in unknown.output
