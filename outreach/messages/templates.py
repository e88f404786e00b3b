"""Message templates: Markdown files with front matter, rendered by a sandboxed Jinja2.

Shipped ones live in data/templates/<lang>/, the teacher's own in the user data
directory's templates/<lang>/. Front matter keys: title, subject, channels, season, tags,
variables (name: what to give, each one required with `--set`).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import jinja2
import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from outreach.common import paths
from outreach.common.channel_names import BROADCAST, GUARDIAN_CHANNELS
from outreach.common.errors import NotFound, OutreachError, file_to_read_missing
from outreach.common.i18n import LANGUAGES, N_, current_language, t
from outreach.common.private_files import write_private_text
from outreach.common.tabular import excerpt
from outreach.messages.name_cases import ENGLISH_CASES, RUSSIAN_CASES, case_filters
from outreach.messages.template_tokens import meant_field

# Names every template may use without `--set`.
CONTEXT_NAMES = frozenset({"guardian", "students", "student", "group", "teacher", "school",
                           "links", "today", "message", "telegram_link"})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


class TemplateSummary(TypedDict):
    """A template as `message templates --json` lists it."""

    slug: str
    title: str
    lang: str
    channels: list[str]
    variables: list[str]
    season: str
    tags: list[str]
    source: str


@dataclass
class Template:
    slug: str
    lang: str
    title: str
    body: str
    subject: str = ""
    channels: list[str] = field(default_factory=list)
    season: str = ""
    tags: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    source: str = "shipped"
    path: Path | None = None

    def summary(self) -> TemplateSummary:
        return {"slug": self.slug, "title": self.title, "lang": self.lang,
                "channels": self.channels, "variables": list(self.variables),
                "season": self.season, "tags": self.tags, "source": self.source}


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The sandbox every text renders in, with the case filters of names («| творительный»)."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(case_filters())
    return env


@lru_cache(maxsize=256)
def compile_text(source: str) -> jinja2.Template:
    """A compiled Jinja template (cached: a message renders one body many times); a filter
    it does not know is refused by name."""
    ast = _ast(source)
    try:
        return environment().from_string(ast)
    except TemplateSyntaxError as exc:
        raise _syntax_error(exc, source) from None


def case_filter_names() -> str:
    """«родительный, …, предложный (genitive, …, prepositional)»."""
    return f"{', '.join(RUSSIAN_CASES)} ({', '.join(ENGLISH_CASES)})"


def _check_filters(ast: nodes.Template) -> None:
    known = environment().filters
    for node in ast.find_all(nodes.Filter):
        if node.name not in known:
            raise OutreachError(t("Template error on line {line}: there is no filter «{name}». A name is put in a case "
                                  "with one of: {cases}, e.g. {{{{ student.name | творительный }}}}.",
                                  line=node.lineno, name=node.name, cases=case_filter_names()))


def parse(text: str, slug: str, lang: str, source: str = "shipped", path: Path | None = None) -> Template:
    """A template from a file's text; errors in the front matter or the Jinja are OutreachError."""
    match = _FRONT.match(text.lstrip("\ufeff"))
    if not match:
        raise OutreachError(t("Template {name} has no front matter (a block between --- lines with at least a title).", name=slug))
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise OutreachError(t("Template {name}: the front matter is not valid ({reason}).", name=slug, reason=str(exc).splitlines()[0])) from None
    if not isinstance(front, dict) or not str(front.get("title") or "").strip():
        raise OutreachError(t("Template {name} needs a title in its front matter.", name=slug))
    variables = front.get("variables") or {}
    if isinstance(variables, list):
        variables = {str(v): "" for v in variables}
    if not isinstance(variables, dict):
        raise OutreachError(t("Template {name}: the front matter is not valid ({reason}).", name=slug, reason="variables"))
    channels = [str(c) for c in _as_list(front.get("channels"))]
    unknown = [c for c in channels if c not in (*GUARDIAN_CHANNELS, *BROADCAST)]
    if unknown:
        raise OutreachError(t("Template {name}: the front matter is not valid ({reason}).", name=slug, reason=", ".join(unknown)))
    template = Template(slug=slug, lang=lang, title=str(front["title"]).strip(),
                        body=text[match.end():].strip() + "\n",
                        subject=str(front.get("subject") or "").strip(), channels=channels,
                        season=str(front.get("season") or ""), tags=[str(x) for x in _as_list(front.get("tags"))],
                        variables={str(k): str(v or "") for k, v in variables.items()},
                        source=source, path=path)
    for part in (template.body, template.subject):
        compile_text(part)
    return template


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def shipped_dir() -> Path:
    return paths.data_dir() / "templates"


def user_dir() -> Path:
    return paths.user_data_dir() / "templates"


def _scan(folder: Path, source: str) -> list[Template]:
    found = []
    for lang in LANGUAGES:
        for file in sorted((folder / lang).glob("*.md")):
            found.append(parse(file.read_text(encoding="utf-8"), file.stem, lang, source, file))
    return found


def all_templates(lang: str | None = None) -> list[Template]:
    """Shipped and the teacher's own templates; only `lang` when given."""
    result = _scan(shipped_dir(), "shipped")
    if user_dir().is_dir():
        result += _scan(user_dir(), "user")
    if lang:
        result = [tpl for tpl in result if tpl.lang == lang]
    return result


def find(ref: str) -> Template:
    """`slug` (current language first, then the other) or `lang/slug`."""
    lang, _, slug = ref.rpartition("/")
    candidates = all_templates()
    order = [lang] if lang else [current_language(), *[x for x in LANGUAGES if x != current_language()]]
    for language in order:
        # the teacher's own template wins over a shipped one of the same name
        for source in ("user", "shipped"):
            for tpl in candidates:
                if tpl.slug == slug and tpl.lang == language and tpl.source == source:
                    return tpl
    raise NotFound(t("There is no template {slug}; see outreach message templates.", slug=ref))


BLANK = "blank"


def blank(lang: str, body: str, subject: str = "", title: str = "") -> Template:
    """A message written without a template. Its subject, unless given, is its first line
    that is plain text (not a greeting with {{ … }}), else a neutral one; its title (the
    teacher's name for it in the lists) is `title`, else the subject."""
    subject = subject.strip() or first_line(body, plain=True)[:80] or t("A message from the class teacher", lang=lang)
    return Template(BLANK, lang, title.strip()[:80] or subject, body, subject=subject, source=BLANK)


def first_line(text: str, *, plain: bool = False) -> str:
    """The first non-empty line, Markdown heading marks dropped; `plain`: the first without
    a `{` (no field in it)."""
    lines = (line.strip().lstrip("#").strip() for line in text.splitlines())
    return next((line for line in lines if line and not (plain and "{" in line)), "")


# a name in single braces, not part of {{ }}, {% %} or {# #}: «Здравствуйте, {имя_родителя}!»;
# text in a raw block is meant as written (a survey's question sent by the bots)
_SINGLE_BRACES = re.compile(r"(?<![{%#])\{\s*([^\W\d][\w.]*)\s*\}(?![}%#])")
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)


def literal(text: str) -> str:
    """`text` to be sent as written: the delivery renders every body as a template, so a text
    with braces goes in a raw block (a survey's question, the teacher's auto-reply)."""
    return "{% raw %}" + text.replace("{% endraw %}", "") + "{% endraw %}" if "{" in text else text


def free_variables(body: str, subject: str = "") -> set[str]:
    """Names a text uses that are neither context names nor set inside it. A name in single
    braces is refused: it would reach the parents as typed, braces and all."""
    names: set[str] = set()
    for part in (body, subject):
        if found := _SINGLE_BRACES.search(_RAW_BLOCK.sub("", part)):
            raise OutreachError(t("«{text}» in single braces reaches the parents as typed; a field takes double ones: {{{{ guardian.name }}}} (the parent's name) or {{{{ {name} }}}}.",
                                  text=found.group(0), name=found.group(1)))
        ast = _ast(part)
        names |= meta.find_undeclared_variables(ast)
    return names - CONTEXT_NAMES


def _ast(source: str) -> nodes.Template:
    """The parsed text; a syntax error or an unknown filter as an OutreachError."""
    try:
        ast = environment().parse(source)
    except TemplateSyntaxError as exc:
        raise _syntax_error(exc, source) from None
    _check_filters(ast)
    return ast


def _syntax_error(exc: TemplateSyntaxError, source: str) -> OutreachError:
    """A template that does not parse: Jinja's own reason in English; elsewhere (Jinja speaks
    only English) the line as the teacher wrote it and what to look for there."""
    if current_language() == "en":
        return OutreachError(t("Template error on line {line}: {reason}.", line=exc.lineno, reason=exc.message))
    lines = source.splitlines()
    text = excerpt(lines[exc.lineno - 1].strip(), 60) if 0 < exc.lineno <= len(lines) else ""
    return OutreachError(t("Template error on line {line}: «{text}»: a {{{{ }}}} or {{% %}} there is not closed, "
                           "is extra or holds something unknown.", line=exc.lineno, text=text))


def check_variables(body: str, subject: str, declared: dict[str, str], given: dict[str, str]) -> None:
    """Every free name must be given; every declared (front matter) variable too."""
    needed = sorted((free_variables(body, subject) | set(declared)) - set(given))
    if needed:
        message = t("The template needs values for: {names}. Give them with --set, e.g. --set {example}=…", names=", ".join(needed),
                    example=needed[0])
        meant = [(name, field) for name in needed if name not in declared and (field := meant_field(name))]
        raise OutreachError(" ".join([message, *(t("{{{{ {name} }}}} is no field of outreach's: --set gives every parent the same value; each one's own is {{{{ {field} }}}}.",
                                                   name=name, field=field) for name, field in meant)]))
    clash = sorted(set(given) & CONTEXT_NAMES)
    if clash:
        raise OutreachError(t("These names are filled in by outreach and cannot be set: {names}.", names=", ".join(clash)))


PERSONAL_NAMES = frozenset({"guardian", "students", "student", "group", "telegram_link"})


def is_personal(source: str) -> bool:
    """Whether a text uses the recipient's data (else one rendering serves everyone)."""
    return bool(meta.find_undeclared_variables(_ast(source)) & PERSONAL_NAMES)


def renderer(source: str) -> Callable[[dict[str, object]], str]:
    """A fast `render(context)` for one text rendered for many recipients: the context is
    used as is (not copied); errors are the same OutreachErrors as `render`'s."""
    template = compile_text(source)
    root, new_context = template.root_render_func, template.new_context
    shared_globals = dict(template.globals)

    def run(context: dict[str, object]) -> str:
        for key, value in shared_globals.items():
            context.setdefault(key, value)
        try:
            return "".join(root(new_context(context, shared=True)))
        except _RENDER_ERRORS as exc:
            raise _render_error(exc) from None

    return run


def render(source: str, context: dict[str, object]) -> str:
    try:
        return str(compile_text(source).render(context))
    except _RENDER_ERRORS as exc:
        raise _render_error(exc) from None


_RENDER_ERRORS = (UndefinedError, SecurityError, TypeError, ValueError, ArithmeticError,
                  AttributeError, LookupError)


def _render_error(exc: Exception) -> OutreachError:
    """A failed rendering as one OutreachError that says why."""
    if isinstance(exc, UndefinedError):
        key = N_("The template uses something that does not exist: {reason}.")
    elif isinstance(exc, SecurityError):
        key = N_("The template tried something not allowed: {reason}.")
    else:
        key = N_("The template cannot be filled in: {reason}.")
    return OutreachError(t(key, reason=str(exc)))


def add_user_template(file: Path, slug: str | None = None, lang: str | None = None,
                      force: bool = False) -> Template:
    """Check a Markdown template file and copy it into the teacher's templates folder."""
    if not file.is_file():
        raise file_to_read_missing(file)
    name = slug or file.stem
    if not _SLUG.match(name):
        raise OutreachError(t("{slug} is not a usable template name (Latin letters, digits, - and _).", slug=name))
    language = lang or current_language()
    if language not in LANGUAGES:
        raise OutreachError(t("Unknown template language {language}: use ru or en.", language=language))
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise OutreachError(t("{path} is not a UTF-8 text file.", path=str(file))) from None
    template = parse(text, name, language, "user")
    free_variables(template.body, template.subject)
    target = user_dir() / language / f"{name}.md"
    if target.exists() and not force:
        raise OutreachError(t("You already have a template named {slug}; use --force to replace it.", slug=name))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, target)
    template.path = target
    return template


def save_user_template(base: Template, slug: str, lang: str, title: str, body: str,
                       subject: str | None = None, force: bool = False) -> Template:
    """Save an edited template (Jinja body) as the teacher's own: `base` gives what is not
    edited (channels, season, tags, variables). Same slug as a shipped one: hers wins."""
    if not _SLUG.match(slug):
        raise OutreachError(t("{slug} is not a usable template name (Latin letters, digits, - and _).", slug=slug))
    if lang not in LANGUAGES:
        raise OutreachError(t("Unknown template language {language}: use ru or en.", language=lang))
    front = {"title": title.strip(), "subject": base.subject if subject is None else subject,
             "channels": base.channels, "season": base.season, "tags": base.tags,
             "variables": base.variables}
    if not front["title"]:
        raise OutreachError(t("Template {name} needs a title in its front matter.", name=slug))
    text = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n{body.strip()}\n"
    target = user_dir() / lang / f"{slug}.md"
    template = parse(text, slug, lang, "user", target)
    free_variables(template.body, template.subject)
    if user_template_exists(slug, lang) and not force:
        raise OutreachError(t("You already have a template named {slug}; use --force to replace it.", slug=slug))
    write_private_text(target, text, newline="\n")
    return template


def user_template_exists(slug: str, lang: str) -> bool:
    return (user_dir() / lang / f"{slug}.md").exists()
