"""Placeholders as readable tokens («[обращение]», «[greeting]») and conditional parts as
words («[если указан класс:  [класс] класса]»), converted to and from the Jinja underneath.

The teacher edits tokens; rendering and saving use Jinja. Only the forms listed here become
tokens: any other Jinja stays as it is written, so power users can still write it, and the
shipped templates convert both ways without a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, N_, NP_, t
from outreach.messages.name_cases import CASES, ENGLISH_CASES, RUSSIAN_CASES

_INAPP_TOKEN = {"greeting": N_("greeting"), "child": N_("child's name"), "group": N_("class"), "teacher": N_("teacher"), "school": N_("school"), "today": N_("today"), "telegram_link": N_("Telegram link"), "vk_group": NP_("inapp.token.vk_group", "VK group"), "telegram_group": N_("Telegram group"), "max_group": NP_("inapp.token.max_group", "MAX group"), "site": N_("website"), "if": N_("if"), "else": N_("otherwise")}

_INAPP_CONDITION = {"child": N_("child given"), "group": N_("class given"), "school": N_("school given"), "vk_group": N_("VK group set"), "telegram_group": N_("Telegram group set"), "max_group": N_("MAX group set"), "site": N_("website set")}

_INAPP_TOKEN_HELP = {"greeting": N_("{token}: how the parent is addressed («Dear Mrs Smith»)"), "child": N_("{token}: the child's first name"), "group": N_("{token}: the child's class"), "teacher": N_("{token}: your name, from the settings"), "school": N_("{token}: the school's name, from the settings"), "today": N_("{token}: today's date"), "telegram_link": N_("{token}: the parent's personal link to connect Telegram"), "vk_group": N_("{token}: the VK group's link, from the settings"), "telegram_group": N_("{token}: the Telegram group's link, from the settings"), "max_group": N_("{token}: the MAX group's link, from the settings"), "site": N_("{token}: the website's address, from the settings")}

FIELDS = (("guardian.dear", "greeting"), ("student.name", "child"), ("group", "group"),
          ("teacher", "teacher"), ("school", "school"), ("today", "today"),
          ("telegram_link", "telegram_link"), ("links.vk_group", "vk_group"),
          ("links.telegram_group", "telegram_group"), ("links.max_group", "max_group"),
          ("links.site", "site"))
"""(Jinja expression, token id) of the names every template may use."""

# A free name that reads like a recipient's own data is a field the teacher looked for, not
# one value for everyone («{{ имя_родителя }}», «{{ child_name }}»): the first match, in this
# order, is the field she meant («класс_ребёнка» is a class, «имя_ребёнка» a child's name).
_MEANT = ((("учител", "руковод", "teacher"), "teacher"), (("школ", "school"), "school"),
          (("класс", "class", "group", "grade"), "group"),
          (("ребен", "ребён", "ученик", "учениц", "сын", "доч", "дет", "child", "student", "pupil", "kid"), "student.name"),
          (("родител", "обращ", "мам", "пап", "фио", "имя", "отчеств", "фамил", "parent", "guardian",
            "greeting", "dear", "name", "mother", "father"), "guardian.dear"))


def meant_field(name: str) -> str | None:
    """The field expression a free template name seems to mean, or None («дата», «место»)."""
    lowered = name.lower()
    return next((expression for stems, expression in _MEANT if any(stem in lowered for stem in stems)), None)


def meant_token(name: str) -> str | None:
    """`meant_field` as the token id the composer shows («[обращение]»)."""
    return dict(FIELDS).get(meant_field(name) or "")


CONDITIONS = (("student", "child"), ("group", "group"), ("school", "school"),
              ('"vk_group" in links', "vk_group"), ('"telegram_group" in links', "telegram_group"),
              ('"max_group" in links', "max_group"), ('"site" in links', "site"))
"""(Jinja test, token id) of the parts that may be left out («только если указан класс»)."""

_EXPR = re.compile(rf"\{{\{{ ([\w.]+)(?: \| ({'|'.join(CASES)}))? \}}\}}")
_IN_A_CASE = re.compile(rf"(.+), ({'|'.join(CASES)})")
_NO_TAG = r"((?:(?!\{%).)*?)"
_IF = re.compile(rf"\{{% if ([^%]+?) %\}}{_NO_TAG}(?:\{{% else %\}}{_NO_TAG})?\{{% endif %\}}",
                 re.DOTALL)
_INNER = r"(?:[^\[\]|]|\[[^\[\]]*\])*"
_BRACKET = re.compile(r"(?<!\\)\[([^\[\]\n]{1,60})\](?!\()")
_VARIABLE_WORDS = 40


@dataclass(frozen=True)
class Placeholder:
    """One entry of the insert list: what the teacher sees and what goes into the text."""

    label: str
    text: str


def field_word(token_id: str, lang: str) -> str:
    return t(_INAPP_TOKEN[token_id], lang=lang)


def condition_words(token_id: str, lang: str) -> str:
    return t(_INAPP_CONDITION[token_id], lang=lang)


def variable_words(variables: dict[str, str], lang: str) -> dict[str, str]:
    """A readable token word per declared variable: its description up to the first comma or
    bracket («дата, например 25 сентября» → «дата»), else its name when that is ambiguous."""
    taken = {field_word(token, lang) for _, token in FIELDS}
    words: dict[str, str] = {}
    for name, description in variables.items():
        head = re.split(r"[,(]", description, maxsplit=1)[0].strip()
        head = re.sub(r"^the\s+", "", head)
        unusable = not head or len(head) > _VARIABLE_WORDS or "[" in head or "]" in head
        words[name] = name if unusable or head in taken else head
        taken.add(words[name])
    return words


def _words(lang: str, variables: dict[str, str]) -> dict[str, str]:
    """Jinja expression → token word, in `lang`."""
    return {**{expr: field_word(token, lang) for expr, token in FIELDS},
            **variable_words(variables, lang)}


def to_tokens(source: str, lang: str, variables: dict[str, str] | None = None) -> str:
    """The Jinja text as the teacher reads it; forms without a token stay as written."""
    words = _words(lang, variables or {})
    conditions = {test: condition_words(token, lang) for test, token in CONDITIONS}

    def expressions(text: str) -> str:
        return _EXPR.sub(lambda m: _token(words[m[1]], m[2]) if m[1] in words else m[0], text)

    def conditional(match: re.Match[str]) -> str:
        test, then, otherwise = match[1], match[2], match[3]
        parts = [then] + ([otherwise] if otherwise is not None else [])
        if test not in conditions or any(_unsafe(part) for part in parts):
            return match[0]
        text = f"[{t('if', lang=lang)} {conditions[test]}: {expressions(then)}"
        if otherwise is not None:
            text += f" | {t('otherwise', lang=lang)}: {expressions(otherwise)}"
        return text + "]"

    return expressions(_IF.sub(conditional, source))


def _token(word: str, case: str | None) -> str:
    """«[имя ребёнка]», in a case «[имя ребёнка, творительный]»."""
    return f"[{word}, {case}]" if case else f"[{word}]"


def _unsafe(part: str) -> bool:
    """A part that would not read back the same inside a conditional token."""
    leftover = _EXPR.sub("", part)
    return any(mark in leftover for mark in ("[", "]", "|", "{{", "}}"))


def to_jinja(text: str, lang: str, variables: dict[str, str] | None = None) -> str:
    """The teacher's text with tokens of either language turned back into Jinja; a bracketed
    word that is no token is refused in one sentence naming it and its line."""
    exprs: dict[str, str] = {}
    tests: dict[str, str] = {}
    for language in (lang, *[x for x in LANGUAGES if x != lang]):
        for expr, word in _words(language, variables or {}).items():
            exprs.setdefault(word, expr)
        for test, token in CONDITIONS:
            tests.setdefault(condition_words(token, language), test)
    ifs = "|".join(re.escape(t("if", lang=x)) for x in LANGUAGES)
    elses = "|".join(re.escape(t("otherwise", lang=x)) for x in LANGUAGES)
    conditional = re.compile(
        rf"\[(?:{ifs}) ([^:\[\]\n]+): ({_INNER})(?: \| (?:{elses}): ({_INNER}))?\]")

    def tokens(part: str) -> str:
        def one(match: re.Match[str]) -> str:
            if match[1] in exprs:
                return "{{ " + exprs[match[1]] + " }}"
            if (cased := _IN_A_CASE.fullmatch(match[1])) and cased[1] in exprs:
                return "{{ " + exprs[cased[1]] + " | " + cased[2] + " }}"
            if _looks_like_token(match[1]):
                raise _unknown(text, match.start(), match[0])
            return match[0]
        return _BRACKET.sub(one, part)

    def condition(match: re.Match[str]) -> str:
        if match[1] not in tests:
            raise _unknown(text, match.start(), match[0].split(":")[0] + "]")
        jinja = "{% if " + tests[match[1]] + " %}" + tokens(match[2])
        if match[3] is not None:
            jinja += "{% else %}" + tokens(match[3])
        return jinja + "{% endif %}"

    return tokens(conditional.sub(condition, text))


def _looks_like_token(inner: str) -> bool:
    """[слово] or [a few words] is meant as a placeholder; [ ], [x] and [1] are not."""
    return len(inner) > 1 and inner[0].isalpha() and not inner.isdigit()


def _unknown(text: str, offset: int, token: str) -> OutreachError:
    line = text.count("\n", 0, offset) + 1
    return OutreachError(t("Line {line}: «{token}» is not a known placeholder; choose one from the list (Ctrl+O) or remove the square brackets.", token=token, line=line))


def placeholders(lang: str, variables: dict[str, str] | None = None) -> list[Placeholder]:
    """The insert list: the template's own values first, then every field, then the parts
    shown only when a value is there («… — только если указан класс»)."""
    variables = variables or {}
    found = [Placeholder(f"[{word}] — {variables[name] or name}", f"[{word}]")
             for name, word in variable_words(variables, lang).items()]
    for _, token in FIELDS:
        shown = f"[{field_word(token, lang)}]"
        found.append(Placeholder(t(_INAPP_TOKEN_HELP[token], lang=lang, token=shown), shown))
    found += case_placeholders(lang)
    for _, token in CONDITIONS:
        words = condition_words(token, lang)
        part = f"[{t('if', lang=lang)} {words}: [{field_word(token, lang)}]]"
        found.append(Placeholder(t("A part shown only if {words}", lang=lang, words=words), part))
    return found


_CASE_EXAMPLES = ("у Кирилла", "Кириллу", "про Кирилла", "с Кириллом", "о Кирилле")


def case_placeholders(lang: str) -> list[Placeholder]:
    """The child's name in each case («[имя ребёнка, творительный]»: «с Кириллом») and the
    parent's in Jinja, the case named in the template's language (either name works)."""
    child = field_word("child", lang)
    found = []
    for russian, english, example in zip(RUSSIAN_CASES, ENGLISH_CASES, _CASE_EXAMPLES, strict=True):
        shown = _token(child, russian if lang == "ru" else english)
        found.append(Placeholder(t("{token}: the child's name in a case, «{example}»", lang=lang,
                                   token=shown, example=example), shown))
    parent = "{{ guardian.polite | " + ("дательный" if lang == "ru" else "dative") + " }}"
    found.append(Placeholder(t("{text}: the parent's name and patronymic in a case", lang=lang, text=parent), parent))
    return found
