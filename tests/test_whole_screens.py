"""Every section and its main dialogs at 80×24, in Russian and English: no hint or label cut
at the edge of its box, and in Russian no English word on the screen (outside names of
products, keys and the demo data's own addresses)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import pytest
import sqlite_utils
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from outreach.common.i18n import set_language
from outreach.contest import store as contests
from outreach.roster import guardians
from outreach_screens.app import make_app
from outreach_screens.sections import SECTIONS
from outreach_screens.widgets.paged_table import PagedTable
from tests.tui_support import screen_lines, settle

SIZE = (80, 24)
SECTION_KEYS = {section.key for section in SECTIONS}
SECTION_BY_ID = {section.id: section for section in SECTIONS}

# What may stay Latin in the Russian interface: names of products and formats, keys as they
# are printed on a keyboard, and the app's own name.
ALLOWED = {
    "Telegram", "MAX", "VK", "SMS", "e-mail", "E-mail", "Excel", "CSV", "XLSX", "XLS", "ODS",
    "csv", "xlsx",  # file name endings («.xlsx или .csv»)
    "SMTP", "IMAP", "SSL", "STARTTLS", "TLS", "Bot", "API", "INBOX", "Markdown", "PDF", "UTF-8",
    "HTML", "QR", "outreach",
    "WhatsApp", "Viber",  # answers of the demo survey
    "Esc", "Ctrl", "Tab", "Shift", "Home", "End", "PgUp", "PgDn", "Del", "Ins",  # as Russian manuals write them
}
_LATIN = re.compile(r"[A-Za-z]{2,}")
# e-mails, Telegram handles, file and domain names, VK ids, phones: the demo data's own
_ADDRESS = re.compile(r"@|_|\w\.\w|^id\d|^\+?\d")

# (what to press from the roster, what should be open): each section and its main dialogs.
# A new screen is one more pair here, its first key its section's: it is scanned in both
# languages in that section's app, after the pairs before it (SectionWalk).
VISITS = [
    ("1", "RosterScreen"), ("1 a", "GuardianForm"), ("1 i", "ImportWizard"),
    ("1 question_mark", "HelpScreen"), ("1 s", "StudentsScreen"), ("1 c", "ConsentDialog"),
    ("1 x", "ExportDialog"), ("1 g enter", "RosterScreen"),
    ("2", "ChannelsScreen"), ("2 enter", "ChannelsScreen"), ("2 enter e", "ChannelForm"),
    ("3", "MessagesScreen"), ("3 t", "TemplatePicker"), ("3 m", "MessageListScreen"),
    ("3 l", "MessagesScreen"),
    ("4", "SurveysScreen"), ("4 i", "SurveyImportWizard"),
    ("5", "ScoreboardScreen"), ("5 e", "ScoreboardScreen"), ("5 p", "ProjectorScreen"),
    ("6", "InboxScreen"), ("6 a", "AbsencesScreen"),
    ("0", "SettingsScreen"), ("0 pagedown", "SettingsScreen"), ("0 pagedown pagedown", "SettingsScreen"),
    ("0 pagedown pagedown pagedown", "SettingsScreen"), ("0 end", "SettingsScreen"), ("0 ctrl+b", "BackupDialog"),
    ("1 ctrl+p", "CommandPalette"),
    # the dialogs behind them: confirmations, pickers, the contest's and the surveys' forms
    ("1 f", "ConfirmScreen"), ("1 r", "ConfirmScreen"), ("2 u", "GuardianList"), ("2 l", "LinkSheetDialog"),
    ("3 ctrl+o", "PlaceholderPicker"), ("3 v", "AttachmentsDialog"), ("3 m a", "RsvpScreen"),
    ("4 m", "SurveyEntryScreen"), ("4 t", "QuestionTypeDialog"),
    ("5 n", "ContestNewDialog"), ("5 v", "ContestEventsDialog"), ("5 t", "TeamDialog"),
    ("5 m", "ContestMemoDialog"), ("5 x", "ContestExportDialog"), ("5 f", "ConfirmScreen"),
    ("5 i", "MessagesScreen"),  # the contest's invitation: a template and its own variables
]


def latin_words(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        for token in line.split():
            if re.fullmatch(r"\{\w+\}[.,;:]?", token):
                continue  # a field the teacher types as it is («{hours} — рабочее время»)
            word = token.strip(".,:;!?()«»\"'[]{}—–·…")
            if not _LATIN.search(word) or _ADDRESS.search(word):
                continue
            parts = re.split(r"[/,+=-]", word)
            if word in ALLOWED or all(part in ALLOWED or not _LATIN.search(part) for part in parts):
                continue  # «Telegram/MAX», «^s», «ctrl+s», «telegram,max», «cone=2»
            found.append(word)
    return found


def test_the_scan_sees_english_and_lets_names_and_addresses_be() -> None:
    lines = ["esc Dismiss menu · No matches found", "Telegram/MAX ^s e-mail ivan_p a.b@c.ru id123 Shift+C"]
    assert latin_words(lines) == ["esc", "Dismiss", "menu", "No", "matches", "found"]


def without_user_data(pilot: Pilot, lines: list[str]) -> list[str]:
    """The screen with what the teacher typed or owns blanked: text fields and file trees."""
    blanked = [list(line.ljust(pilot.app.size.width)) for line in lines]
    for widget in pilot.app.screen.query("Input, DirectoryTree"):
        region = widget.region
        for y in range(max(region.y, 0), min(region.bottom, len(blanked))):
            blanked[y][region.x:region.right] = " " * len(blanked[y][region.x:region.right])
    return ["".join(line).rstrip() for line in blanked]


def cut_texts(pilot: Pilot, lines: list[str]) -> list[str]:
    """Labels and hints whose words are not all on the screen inside their own box (a
    widget scrolled partly out of its container's view is not cut, one clipped by a box too
    small for it is)."""
    cut = []
    for widget in pilot.app.screen.query(Static):
        region = widget.region
        if not widget.display or not region:
            continue  # (one wider than the screen is cut unless it scrolls: see below)
        if any(not ancestor.region.contains_region(region)
               and (ancestor.allow_vertical_scroll or ancestor.allow_horizontal_scroll)
               for ancestor in widget.ancestors
               if isinstance(ancestor, Widget) and ancestor is not pilot.app.screen):
            continue  # scrolled partly out of view: not cut (a box too small for it is)
        region = region.intersection(pilot.app.screen.region)
        for ancestor in widget.ancestors:
            if isinstance(ancestor, Widget) and ancestor is not pilot.app.screen:
                region = region.intersection(ancestor.region)
        text = " ".join(str(widget.render()).split())
        if not text or widget.size.height < 1:
            continue
        shown = " ".join(" ".join(line[region.x:region.right] for line in lines[region.y:region.bottom]).split())
        if text not in shown:
            cut.append(f"{type(widget).__name__}#{widget.id}: {text!r} shows as {shown!r}")
    return cut


def cut_border_titles(pilot: Pilot, lines: list[str]) -> list[str]:
    """Border titles not whole on their box's top line (a name shortened with «…»)."""
    cut = []
    for widget in pilot.app.screen.query(Widget):
        title = " ".join(str(widget.border_title or "").split())
        region = widget.region.intersection(pilot.app.screen.region)
        if not title or not widget.display or not region or region.y >= len(lines):
            continue
        if title not in " ".join(lines[region.y][region.x:region.right].split()):
            cut.append(f"border title of {type(widget).__name__}#{widget.id}: {title!r}")
    return cut


def cut_cells(pilot: Pilot, lines: list[str]) -> list[str]:
    """Table cells not whole on the screen: a word of a row in view missing from its table's
    box, a «…», or a column's label shown in part at the box's edge."""
    cut = []
    dropdowns = [menu.region for menu in pilot.app.screen.query("SelectOverlay") if menu.display]
    for table in pilot.app.screen.query("PagedTable, DataTable"):
        region = table.region.intersection(pilot.app.screen.region)
        if not table.display or not region or any(region.overlaps(menu) for menu in dropdowns):
            continue  # (a dropdown's open list covers a part of it)
        box = [line.ljust(region.right)[region.x:region.right] for line in lines[region.y:region.bottom]]
        labels, cells = table_texts(table)
        header = " ".join(box[:header_lines(table)]).split()
        label_words = {word for label in labels for word in label.split()}
        cut += [f"#{table.id}: a column's label in part: {word!r}" for word in header
                if word not in label_words]
        shown = " ".join(" ".join(box).split())
        if "…" in shown:  # (a cell its screen shortened has it too: not compared with the cells)
            cut.append(f"#{table.id}: cut with «…»: {shown!r}")
        cut += [f"#{table.id}: {cell!r} not whole in {shown!r}" for cell in cells
                if any(word not in shown.replace("- ", "-") for word in cell.split())]
    return cut


def header_lines(table: Widget) -> int:
    return table.header_height if isinstance(table, DataTable) else 1


def table_texts(table: Widget) -> tuple[list[str], list[str]]:
    """A table's column labels and the cells of the rows and columns wholly in its view."""
    if isinstance(table, PagedTable):
        layout = table.row_layout
        first = -(-int(table.scroll_y) // layout.lines)
        rows = [table.row_at(index) for index in range(first, first + table.scrollable_content_region.height // layout.lines - 1)]
        return list(layout.labels), [row.cells[index] for row in rows if row is not None for index in layout.shown()]
    assert isinstance(table, DataTable)
    width, height = table.scrollable_content_region.width, table.scrollable_content_region.height - table.header_height
    columns, left = [], 0
    for index, column in enumerate(table.ordered_columns):
        right = left + column.get_render_width(table)
        fixed = index < table.fixed_columns
        start = left if fixed else left - int(table.scroll_x)
        end = right if fixed else right - int(table.scroll_x)
        if (fixed or start >= sum(c.get_render_width(table) for c in table.ordered_columns[:table.fixed_columns])) and end <= width:
            columns.append(index)
        left = right
    cells, top = [], 0
    for row in table.ordered_rows:
        if top >= int(table.scroll_y) and top + row.height <= int(table.scroll_y) + height:
            values = table.get_row(row.key)
            cells += [" ".join(str(values[index]).split()) for index in columns]
        top += row.height
    return [str(column.label) for column in table.ordered_columns], cells


def cut_placeholders(pilot: Pilot) -> list[str]:
    """The hints of empty text fields longer than the field (the cursor takes one cell)."""
    return [f"#{field.id}: {field.placeholder!r}" for field in pilot.app.screen.query(Input)
            if field.display and field.region and not field.value
            and cell_len(field.placeholder) > field.content_region.width - 1]


async def laid_out_lines(pilot: Pilot) -> list[str]:
    """The screen's lines once a debounced redraw (the roster's detail pane after the cursor
    settles) has laid its text out: polled briefly, then taken as they are."""
    for _ in range(20):
        lines = screen_lines(pilot.app)
        if not cut_texts(pilot, lines):
            return lines
        await pilot.pause(0.05)
        await settle(pilot)
    return screen_lines(pilot.app)


class SectionWalk:
    """One app visiting the VISITS of one section in their order, as if each had a fresh app:
    a visit whose keys go on from the keys pressed so far goes on from there; any other starts
    over with the dialogs closed, the notifications cleared, back in the roster, and a fresh
    screen for every section a key changed (a key that left a section's own screen on top: a
    scroll, an open list, an edit mode, another section with the contest's invitation)."""

    BLANK = "scan-blank"  # a mode to stand on while the roster itself is built afresh

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.pressed: list[str] = []
        self.changed: set[str] = set()
        self.app.add_mode(self.BLANK, Screen)

    async def visit(self, keys: list[str]) -> None:
        if self.pressed and keys[:len(self.pressed)] == self.pressed:
            todo = keys[len(self.pressed):]
        else:
            await self._start_over()
            todo = keys
        for key in todo:
            await self.pilot.press(key)
            await settle(self.pilot)
            if key not in SECTION_KEYS and len(self.app.screen_stack) == 1:
                self.changed.add(self.app.current_mode)
        self.pressed = keys

    async def _start_over(self) -> None:
        self.app.clear_notifications()
        while len(self.app.screen_stack) > 1:
            await self.app.pop_screen()
        if self.changed:
            await self.app.switch_mode(self.BLANK)
            for mode in self.changed:
                await self.app.remove_mode(mode)
                self.app.add_mode(mode, partial(SECTION_BY_ID[mode].factory, self.app.store))
            self.changed.clear()
        await self.app.switch_mode(SECTIONS[0].id)
        await settle(self.pilot)
        self.pressed = []


async def scan(pilot: Pilot, lang: str) -> list[str]:
    """What is wrong with the screen on show: English words (in Russian), cut texts and hints."""
    lines = await laid_out_lines(pilot)
    latin = latin_words(without_user_data(pilot, lines)) if lang == "ru" else []
    return ([f"English words: {latin}"] if latin else []) + cut_texts(pilot, lines) + [
        f"cut placeholder {hint}" for hint in cut_placeholders(pilot)] + cut_cells(pilot, lines) + cut_border_titles(pilot, lines)


# (one app per language and section: the visits of a section share it, see SectionWalk)
WALKS = {keys.split()[0]: [(k, kind) for k, kind in VISITS if k.split()[0] == keys.split()[0]]
         for keys, _ in VISITS}


Check = Callable[[Pilot, str], Awaitable[list[str]]]


async def walk_failures(db_path: Path, lang: str, size: tuple[int, int],
                        visits: list[tuple[str, str]], check: Check) -> list[str]:
    """Each visit in one app (SectionWalk: as if each had a fresh one): the screen it should
    open and what `check(pilot, keys)` finds wrong there, each failing visit named by its keys."""
    set_language(lang)
    app = make_app(db_path)
    failures: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        walk = SectionWalk(pilot)
        for keys, kind in visits:
            await walk.visit(keys.split())
            problems = ([f"opened {type(app.screen).__name__}, not {kind}"]
                        if type(app.screen).__name__ != kind else await check(pilot, keys))
            if problems:
                failures.append(f"«{keys}» ({lang}):\n  " + "\n  ".join(problems)
                                + "\n" + "\n".join(screen_lines(app)))
    return failures


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("section", list(WALKS))
async def test_screen_is_whole_and_russian_in_russian(
        section: str, lang: str, demo_db: sqlite_utils.Database, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every visit of the section: the screen it opens, and nothing on it English (in
    Russian) or cut; the failures of all its visits named together, each by its keys."""
    monkeypatch.setenv("OUTREACH_LANG", lang)
    failures = await walk_failures(db_path, lang, SIZE, WALKS[section],
                                   lambda pilot, _keys: scan(pilot, lang))
    assert not failures, "\n\n".join(failures)


LONG_NAME = ("Абрамова-Преображенская", "Анастасия-Виктория", "Константиновна")
LONG_ERROR = "Почтовый сервер отказал: ящик получателя переполнен, письмо не доставлено"


def long_texts(db: sqlite_utils.Database) -> None:
    """The demo with what no demo row has: a parent with a long name (first in the roster and
    in message 2's log, where her delivery failed with a long error), a delivery in doubt and
    a team of five."""
    gid = 1  # Кузнецова Валентина: the first row of message 2's log
    surname, name, patronymic = LONG_NAME
    guardians.edit_guardian(db, gid, {"surname": surname, "name": name, "patronymic": patronymic})
    with db.conn:  # as a send that failed writes it
        db.execute("UPDATE deliveries SET status = 'failed', error = ? WHERE message_id = 2 AND guardian_id = ?",
                   [LONG_ERROR, gid])
        # … and one in doubt, whose status («unknown whether it arrived») is the longest
        db.execute("UPDATE deliveries SET status = 'unknown', error = 'interrupted' WHERE id = "
                   "(SELECT min(id) FROM deliveries WHERE message_id = 2 AND guardian_id <> ?)", [gid])
    contest = contests.list_contests(db)[0]
    team = next(team for team in contests.teams(db, contest.id) if team.number == 2)
    contests.edit_team(db, contest.id, 2, guardian_ids=[*(m.person_id for m in team.guardians), gid, 9, 10],
                       any_guardian=True)


# (what to press, what should be open): where the long texts show
LONG_VISITS = [("1", "RosterScreen"), ("3", "MessagesScreen"), ("3 l", "MessagesScreen"), ("5", "ScoreboardScreen"),
               ("5 p", "ProjectorScreen"), ("2", "ChannelsScreen"), ("3 m", "MessageListScreen")]


def long_text_problems(keys: str, lang: str, text: str) -> list[str]:
    """The long texts a visit must show whole (the cut checks aside)."""
    wanted = []
    if keys in ("1", "3 l", "2"):  # (a double name may wrap after its hyphen)
        wanted += re.split(r" |(?<=-)", " ".join(LONG_NAME))
    if keys == "3 l":
        wanted += LONG_ERROR.split()
    if keys == "5 p":  # what a team has to go said in words, not with a «…»
        wanted.append("ещё 2 этапа" if lang == "ru" else "2 events to go")
    problems = [f"missing «{part}»" for part in wanted if part not in text]
    return problems + (["«…» on the projector"] if keys == "5 p" and "…" in text else [])


@pytest.mark.parametrize("size", [SIZE, (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_long_names_members_and_errors_read_whole(
        lang: str, size: tuple[int, int], demo_db: sqlite_utils.Database,
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each of LONG_VISITS in one app; the failures of all of them named together."""
    long_texts(demo_db)
    monkeypatch.setenv("OUTREACH_LANG", lang)

    async def whole(pilot: Pilot, keys: str) -> list[str]:
        lines = await laid_out_lines(pilot)
        return (cut_texts(pilot, lines) + cut_cells(pilot, lines) + cut_border_titles(pilot, lines)
                + long_text_problems(keys, lang, "\n".join(lines)))

    failures = await walk_failures(db_path, lang, size, LONG_VISITS, whole)
    assert not failures, "\n\n".join(failures)


async def test_wide_scoreboard_and_projector_show_team_names_whole_and_large(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    from outreach_screens.contest.big_text import big_text

    app = make_app(db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        board = app.screen.board
        names = [row.team.name + (f" ({row.team.people})" if row.team.people else "") for row in board.rows]
        text = "\n".join(screen_lines(app))
        assert max(map(len, names)) > 30 and all(name in text for name in names)
        await pilot.press("p")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        leader = next(row for row in board.rows if row.rank == 1)
        assert all(line in text for line in big_text(leader.team.name).split("\n"))
