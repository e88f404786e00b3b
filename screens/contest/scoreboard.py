"""The Scoreboard section: live standings of a contest, fast result entry, projector, export,
the spectator memo and the invitation (composed in the Messages section)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Label, Select
from textual.worker import Worker

from outreach.common.errors import OutreachError
from outreach.common.formats import show_day, show_decimal
from outreach.common.i18n import N_, pt, t
from outreach.common.private_files import private_dir
from outreach.contest import store as contests
from outreach.contest.board import Board, BoardRow, load_board, preview
from outreach.contest.export import export_contest, rank_text, saved_text, tie_note, total_text
from outreach.contest.invitation import TEMPLATE as INVITATION
from outreach.contest.invitation import invitation_values
from outreach.contest.memo import default_name, write_contest_memo
from outreach.contest.slips import ResultExists, UnusualTime, result_words
from outreach.contest.standings import Result
from outreach.contest.store import fault_word
from outreach.messages import templates
from outreach.store.watch import POLL_SECONDS
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.contest.events import ContestEventsDialog, SetupChanges
from outreach_screens.contest.export import ContestExport, ContestExportDialog
from outreach_screens.contest.memo import ContestMemoDialog
from outreach_screens.contest.new import ContestNewDialog, NewContest
from outreach_screens.contest.projector import ProjectorScreen
from outreach_screens.contest.team_dialog import TeamChoice, TeamDialog
from outreach_screens.failures import notify_failure
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.store import Store
from outreach_screens.widgets.file_watch import FileWatch
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.result_form import Entry, ResultForm

MIN_TEAM_WIDTH = 14
"""The team column takes the width the other columns leave, never less than this."""
WHOLE, TWO_LINES = 0, -1
"""An event's name whole on one line, or whole on two (`fit_name`'s limits besides a length)."""
HEADER_LIMITS = (10, 9, 8, 7, 6)
"""How far the events' names are shortened, in turn, when even two lines leave no room."""
MIN_STATUS_WIDTH = 6
STATUS_AT_LEAST = 5
"""A fitting that leaves the status column («4/6», «дискв…») narrower than this is not taken."""
"""The status column («4/6», «дискв…») gives the events' names what it has beyond this."""


class ContestsLoaded(Message):
    def __init__(self, contests: list[contests.Contest]) -> None:
        super().__init__()
        self.contests = contests


class BoardLoaded(Message):
    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board


@dataclass(frozen=True)
class Entered:
    """A result saved from the form, with what the team had before: what ctrl+z puts back."""

    contest_id: int
    number: int
    slug: str
    previous: Result | None
    saved: Result


class ResultSaved(Message):
    def __init__(self, board: Board, entered: Entered) -> None:
        super().__init__()
        self.board = board
        self.entered = entered


class EntryUndone(Message):
    """A result put back or removed: the new board and what to tell the teacher."""

    def __init__(self, board: Board, text: str) -> None:
        super().__init__()
        self.board = board
        self.text = text


class EntryQuestioned(Message):
    """An entry not saved: it reads like a slip (`question` says why); `doubt` is what Enter
    again on it confirms: "time" (far from the others') or "replace" (the team's result
    `kept`, as the question names it)."""

    def __init__(self, entry: Entry, question: str, doubt: str, kept: Result | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.question = question
        self.doubt = doubt
        self.kept = kept


class TeamAdded(Message):
    def __init__(self, board: Board, number: int) -> None:
        super().__init__()
        self.board = board
        self.number = number


class ContestCreated(Message):
    def __init__(self, contest_id: int) -> None:
        super().__init__()
        self.contest_id = contest_id


class BoardChanged(Message):
    """A team or the contest's setup changed: the new board and what to tell the teacher."""

    def __init__(self, board: Board, text: str) -> None:
        super().__init__()
        self.board = board
        self.text = text


class ContestExported(Message):
    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths


class MemoWritten(Message):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


def event_cell(board: Board, row: BoardRow, slug: str) -> str:
    ev = row.standing.events[slug]
    if ev is None:
        return "·"
    if ev.dsq is not None:
        return t("DSQ")
    text = show_decimal(ev.score)
    return f"{text}*" if ev.dnf else text


def status_cell(row: BoardRow) -> str:
    s = row.standing
    if s.disqualified:
        return pt("contest.tui.dsq_short", "DSQ: {reason}", reason=s.dsq_reason or "")
    return "" if s.complete else t("{entered}/{events}", entered=s.entered,
                                   events=len(s.events))


class ScoreboardScreen(LocalizedScreen[None]):
    """Opens on the most recent contest; refreshes when any process writes a result."""

    CSS_PATH = Path(__file__).with_name("scoreboard.tcss")
    AUTO_FOCUS = "#board"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,у", "enter_result", N_("Enter result"), tooltip=N_("Open the result form for the highlighted team (Enter saves, Esc closes)"),
                id="scoreboard.enter"),
        Binding("t,е", "new_team", N_("New team"), tooltip=N_("Enter a team: the student driver and the parents linked to them in the roster"),
                id="scoreboard.new_team"),
        Binding("p,з", "projector", N_("Projector"),
                tooltip=N_("Large type for a projector: the top places in big digits, the rest scrolling"), id="scoreboard.projector"),
        Binding("x,ч", "export", N_("Export"), tooltip=N_("Write the standings and the full protocol as CSV"),
                id="scoreboard.export"),
        Binding("m,ь", "memo", N_("Memo"), tooltip=N_("Write the printable spectator memo with the school's channel links and QR codes"),
                id="scoreboard.memo"),
        Binding("i,ш", "invite", N_("Invite"), tooltip=N_("Compose the invitation in Messages: the family-contest template with this contest's date and place"),
                id="scoreboard.invite"),
        Binding("n,т", "new_contest", N_("New contest"),
                tooltip=N_("Create a contest from a preset: title, date, place"), id="scoreboard.new_contest"),
        Binding("v,м", "edit_events", N_("Events"),
                tooltip=N_("Rename events, choose who drives, change the points and each fault's penalty"), id="scoreboard.events"),
        Binding("a,ф", "edit_team", N_("Edit team"),
                tooltip=N_("Change the highlighted team's name, start number or parents"), id="scoreboard.edit_team"),
        Binding("w,ц", "withdraw_team", N_("Withdraw"),
                tooltip=N_("Take the highlighted team out of the contest (asks first)"), id="scoreboard.withdraw_team"),
        Binding("f,а", "finish", N_("Finish"),
                tooltip=N_("Lock the contest's results when it is over (asks first)"), id="scoreboard.finish"),
        Binding("f,а", "reopen", N_("Reopen"),
                tooltip=N_("Open a finished contest's results again, for a correction (asks first)"), id="scoreboard.reopen"),
        Binding("ctrl+z", "undo_result", N_("Undo entry"),
                tooltip=N_("Put back what the team had before the last result entered here"), id="scoreboard.undo"),
        Binding("ctrl+r", "remove_result", N_("Remove result"),
                tooltip=N_("Remove the result of the start number and event in the form (asks first)"),
                id="scoreboard.remove"),
        Binding("c,с", "focus_contest", N_("Contest"),
                tooltip=N_("Choose another contest (earlier years stay)"), id="scoreboard.contest"),
        Binding("escape", "close_form", N_("Close"), show=False,
                id="scoreboard.close"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.contest_id: int | None = None
        self.board: Board | None = None
        self.questioned: Entry | None = None  # the entry questioned last
        self.question = ""  # the question, shown while that entry stays in the form
        self.doubt = ""  # what was questioned about it
        self.kept: Result | None = None  # the team's result the question named
        self.agreed: frozenset[str] = frozenset()  # the doubts Enter again confirmed for it
        self.replacing: Result | None = None  # the kept result Enter again agreed to replace
        self._projector: ProjectorScreen | None = None
        self.last_entered: Entered | None = None  # corrected freely; ctrl+z puts back its previous
        self._widths = (0, 0)
        self._members_below = False
        self._status_width = 0

    # -- typed accessors ---------------------------------------------------------------

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#board", DataTable)

    @property
    def contest_select(self) -> Select[int]:
        return self.query_one("#contest", Select)

    @property
    def form(self) -> ResultForm | None:
        found = self.query(ResultForm)
        return found.first() if found else None

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="toolbar"):
            yield Select([], prompt=t("No contest yet"), id="contest", compact=True,
                         tooltip=t("Choose another contest (earlier years stay)"))
            yield Label("", id="live")
        table: DataTable[str] = DataTable(id="board", cursor_type="row", zebra_stripes=True,
                                          fixed_columns=4)
        table.tooltip = t("Scoreboard: ↑↓ to choose a team; e enters a result")
        yield table
        yield Label("", id="team", markup=False)
        yield Label("", id="message", markup=False)
        yield FileWatch(self.store.path, every=POLL_SECONDS)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Scoreboard')} · {self.store.name}"
        self._load_contests(None)

    # -- live refresh ------------------------------------------------------------------

    @on(FileWatch.Changed)
    def _file_changed(self) -> None:
        """Someone wrote (this screen's own entry too): reload the standings."""
        self._load_contests(self.contest_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-load")
    def _load_contests(self, keep: int | None) -> None:
        with self.store.session() as db:
            found = contests.list_contests(db)
            ids = [c.id for c in found]
            target = keep if keep in ids else (ids[0] if ids else None)
            board = load_board(db, target) if target is not None else None
        self.post_message(ContestsLoaded(found))
        if board is not None:
            self.post_message(BoardLoaded(board))

    @on(ContestsLoaded)
    def _contests_loaded(self, message: ContestsLoaded) -> None:
        select = self.contest_select
        options = [(f"{c.title}" + (f" · {show_day(c.date)}" if c.date else ""), c.id) for c in message.contests]
        current = self.contest_id if self.contest_id in [c.id for c in message.contests] else None
        if current is None and message.contests:
            current = message.contests[0].id
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current is not None:
                select.value = current
        if not message.contests:
            self.query_one("#message", Label).update(t("No contests yet: press n to create one from a preset (title, date, place)."))

    @on(Select.Changed, "#contest")
    def _contest_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.contest_id:
            self.contest_id = event.value
            self.last_entered = None
            self._close_form()
            self._load_contests(event.value)

    @on(BoardLoaded)
    def _board_loaded(self, message: BoardLoaded) -> None:
        self._show_board(message.board)

    def _show_board(self, board: Board) -> None:
        old = self.board
        new_contest = old is None or old.contest.id != board.contest.id
        renamed = old is not None and [e.name for e in old.events] != [e.name for e in board.events]
        self.board = board
        self.contest_id = board.contest.id
        table = self.table
        cursor = table.cursor_row
        if new_contest:
            self.query_one("#message", Label).update(t("* DNF or skipped (worst finisher + penalty) · · no result yet · ←→ more events"))
        cells = [[rank_text(row), str(row.team.number),
                  row.team.name + (f" ({row.team.people})" if row.team.people else ""),
                  total_text(row), *[event_cell(board, row, e.slug) for e in board.events],
                  status_cell(row)] for row in board.rows]
        headers, team_width, status_width = self._fit_headers(board, cells)
        self._members_below = max((cell_len(line[2]) for line in cells), default=0) > team_width
        if self._members_below:  # the highlighted team's members show whole under the table
            for row, line in zip(board.rows, cells, strict=True):
                line[2] = row.team.name
            headers, team_width, status_width = self._fit_headers(board, cells)
        self._status_width = status_width
        if (new_contest or renamed or len(table.columns) != 5 + len(board.events)
                or (team_width, status_width) != self._widths):
            self._widths = (team_width, status_width)
            table.clear(columns=True)
            table.header_height = 2 if any("\n" in header for header in headers) else 1
            for key, header in zip(["rank", "number", "team", "total",
                                    *(e.slug for e in board.events), "status"], headers, strict=True):
                table.add_column(header, key=key, width=team_width if key == "team" else None)
        else:
            table.clear()
        for row, line in zip(board.rows, cells, strict=True):
            status = line[-1] if cell_len(line[-1]) <= status_width else t("DSQ")  # the reason: under the table
            line[2], line[-1] = short(line[2], team_width), short(status, status_width)
            table.add_row(*line, key=str(row.team.number))
        if board.rows:
            table.move_cursor(row=min(cursor, len(board.rows) - 1))
        live = self.query_one("#live", Label)
        live.update(t("finished 🔒") if board.contest.locked else t("live ●"))
        live.set_class(board.contest.locked, "-locked")
        if self._projector is not None:
            self._projector.show_board(board)
        self._update_preview()
        self._show_team()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#board")
    def _show_team(self) -> None:
        """Under the table, whole, what the highlighted team's row has no room for: its
        members (beside the name) and a disqualification's reason (in the status)."""
        label, row = self.query_one("#team", Label), self.highlighted_row
        parts = []
        if row is not None and self._members_below and row.team.people:
            parts.append(t("№{number} {name}: {people}", number=row.team.number,
                           name=row.team.name, people=row.team.people))
        if row is not None and cell_len(status_cell(row)) > self._status_width:
            parts.append(status_cell(row))
        if row is not None and self.board is not None and (note := tie_note(self.board, row)):
            parts.append(note)
        label.display = bool(parts)
        label.update(" · ".join(parts))

    def _fit_headers(self, board: Board, cells: list[list[str]]) -> tuple[list[str], int, int]:
        """The headers and the team and status widths: the events' names whole (on one line,
        else on two) beside whole teams (names and members), else beside the teams' whole
        names; only then shortened (as far as `HEADER_LIMITS` go) as little as the whole
        teams, or their names, need; when that is not enough (a narrow screen: the events
        scroll), on two lines."""
        wanted = (max((cell_len(line[2]) for line in cells), default=0),
                  max((cell_len(row.team.name) for row in board.rows), default=0))
        members, names = wanted
        status = min(max((cell_len(line[-1]) for line in cells), default=0), STATUS_AT_LEAST)
        whole = [(WHOLE, members), (TWO_LINES, members), (TWO_LINES, names)]
        shortened = [(limit, longest) for longest in wanted for limit in HEADER_LIMITS]
        for limit, longest in whole + shortened:  # the events' names whole before the members
            headers = self._headers(board, limit)
            team_width, status_width, all_shown = self._fit(headers, cells)
            if all_shown and team_width >= longest and status_width >= status:
                return self._lengthen(board, headers, cells, team_width, status_width)
        headers = self._headers(board, TWO_LINES)
        team_width, status_width, _ = self._fit(headers, cells)
        return headers, team_width, status_width

    def _lengthen(self, board: Board, headers: list[str], cells: list[list[str]], team_width: int,
                  status_width: int) -> tuple[list[str], int, int]:
        """`headers` with each shortened event name made as long as the width left allows
        (whole if it can be): the team column no narrower, the status (whose long text is a
        disqualification's reason) no narrower than it was or MIN_STATUS_WIDTH."""
        headers = list(headers)
        for column, event in enumerate(board.events, start=4):
            longer = ([event.name] if "\n" in headers[column] else  # whole on one line, or as it is
                      [short(event.name, length) for length in range(len(event.name), header_width(headers[column]), -1)])
            for header in longer:
                trial = [*headers[:column], header, *headers[column + 1:]]
                team, status, all_shown = self._fit(trial, cells)
                if all_shown and team >= team_width and status >= min(status_width, MIN_STATUS_WIDTH):
                    headers = trial
                    break
        team_width, status_width, _ = self._fit(headers, cells)
        return headers, team_width, status_width

    @staticmethod
    def _headers(board: Board, limit: int) -> list[str]:
        return [pt("contest.col.rank", "#"), t("No."), t("Team"), t("Total"),
                *(fit_name(e.name, limit) for e in board.events), ""]

    def _fit(self, headers: list[str], cells: list[list[str]]) -> tuple[int, int, bool]:
        """The widths of the team and status columns, and whether every event is shown: on a
        wide screen team names whole and the status as long as it is; on a narrow one the
        team column ends where the last event column that fits whole ends (the rest scroll in
        with →), never a column cut at the edge."""
        widths = [max([header_width(headers[i]), *(cell_len(line[i]) for line in cells)]) + 2
                  for i in range(len(headers))]
        # margins, the scrollbar (kept: the result form shortens the table), the team's padding
        room = (self.size.width or self.app.size.width) - 2 - 2 - 2
        longest_team = widths[2] - 2
        longest_status = widths[-1] - 2
        fixed = widths[0] + widths[1] + widths[3]
        events = widths[4:-1]
        left = room - fixed - sum(events)
        if left >= MIN_TEAM_WIDTH:
            team = min(longest_team, max(MIN_TEAM_WIDTH, left - 2 - min(longest_status, 5)))
            return team, max(1, min(longest_status, left - team - 2)), True
        shown = len(events)
        while shown and room - fixed - sum(events[:shown]) < MIN_TEAM_WIDTH:
            shown -= 1
        return room - fixed - sum(events[:shown]), longest_status, False

    def on_resize(self) -> None:
        if self.board is not None:
            self._show_board(self.board)

    # -- result entry ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("enter_result", "new_team", "projector", "export", "memo",
                      "invite", "edit_events") and self.board is None:
            return None
        locked = self.board is not None and self.board.contest.locked
        if action in ("enter_result", "new_team", "edit_events") and locked:
            return None
        if action in ("finish", "reopen"):
            return self.board is not None and locked == (action == "reopen")
        if action in ("edit_team", "withdraw_team"):
            return None if locked or self.highlighted_team is None else True
        if action == "close_form" and self.form is None:
            return False
        if action == "undo_result":  # shown once there is an entry to take back
            return False if self.last_entered is None else (None if locked else True)
        if action == "remove_result":
            return False if self.form is None else (None if locked else True)
        return True

    def action_enter_result(self) -> None:
        if self.board is None:
            return
        form = self.form
        if form is None:
            form = ResultForm(self.board.events, self.board.faults, id="result-form")
            self.mount(form, before=self.query_one("#message"))
            self.call_after_refresh(self._prefill, form)
        else:
            form.focus_number()
        self.refresh_bindings()

    def _prefill(self, form: ResultForm) -> None:
        """Start with the highlighted team's number: pick a row, press e, type the time."""
        if self.board is not None and self.board.rows and self.table.cursor_row >= 0:
            row = self.board.rows[min(self.table.cursor_row, len(self.board.rows) - 1)]
            form.query_one("#rf-number", Input).value = str(row.team.number)
            form.query_one("#rf-time").focus()
        else:
            form.focus_number()

    def action_close_form(self) -> None:
        """Esc closes the result form; one holding a result not saved, only after asking (Esc
        is pressed to leave a field as often as to leave the form)."""
        if self.unsaved_work() is None:
            self._back_to_board()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._back_to_board()

        self.app.push_screen(ConfirmScreen(t("Result"), t("A result typed on the Scoreboard is not saved (Enter in the form saves it)."),
                                           t("Close the form without saving?"), t("Do not save"), danger=True), answered)

    def _back_to_board(self) -> None:
        self._close_form()
        self.table.focus()

    def _close_form(self) -> None:
        form = self.form
        if form is not None:
            form.remove()
        self.refresh_bindings()

    @on(ResultForm.Changed)
    def _form_changed(self) -> None:
        self._update_preview()

    def _update_preview(self) -> None:
        form = self.form
        if form is None or self.board is None:
            return
        try:
            entry = form.entry()
        except OutreachError as exc:
            form.show(exc.message, error=True)
            return
        if entry is None:
            form.show(t("Start number, then time (or wrong answers), faults; Enter saves."))
            return
        if entry == self.questioned:  # a reload (another judge's entry) keeps the question
            form.show(self.question, error=True)
            return
        row = self.board.row_for(entry.number)
        if row is None:
            form.show(t("This contest has no team with start number {number}.", number=entry.number), error=True)
            return
        result = Result(entry.time, entry.wrong, entry.faults, entry.dnf, entry.dsq)
        missing = form.missing(entry)
        if missing is not None:
            if entry.dnf and entry.time is not None:
                form.show(missing, error=True)
                return
            now = t("now ranked {rank}, points: {total}", rank=rank_text(row), total=total_text(row))
            form.show(f"№{row.team.number} {row.team.name}: {now}")
            return
        event = form.event
        unknown = [code for code in entry.faults if event is None or code not in event.faults]
        if unknown and event is not None:
            form.show(t("'{code}' is not a fault of {event}; its faults are: {known}.", code=unknown[0], event=event.name,
                        known=", ".join(fault_word(c) for c in event.faults) or "—"),
                      error=True)
            return
        standing = preview(self.board, entry.number, entry.slug, result)
        if standing is None:
            return
        outcome = (t("(Enter saves)") if standing.disqualified else
                   "→ " + t("rank {rank}, points: {total} (Enter saves)", rank=standing.rank,
                            total=show_decimal(standing.total)))
        form.show(f"№{row.team.number} {row.team.name}: {result_words(result)} {outcome}")

    @on(ResultForm.Submitted)
    def _form_submitted(self, message: ResultForm.Submitted) -> None:
        """Enter saves; what the domain questions (a slip of the comma? the start number of a
        team that has its result?) is saved by Enter again on the same entry."""
        entry = message.entry
        if entry != self.questioned:
            self.agreed, self.replacing = frozenset(), None
        elif self.doubt == "replace":
            self.replacing = self.kept
        elif self.doubt:
            self.agreed |= {self.doubt}
        last = self.last_entered  # correcting the entry just saved: replaces what it saved
        if last is not None and (entry.number, entry.slug) == (last.number, last.slug) and self.replacing is None:
            self.replacing = last.saved
        if self.contest_id is not None:  # the next team typed in a burst: into the cleared form
            self.app.post_message(KeysWaitFor(self._save(self.contest_id, entry, self.agreed, self.replacing)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-save")
    def _save(self, contest_id: int, entry: Entry, agreed: frozenset[str], replacing: Result | None) -> None:
        with self.store.session() as db:
            try:
                previous = contests.result_of(db, contest_id, entry.number, entry.slug)
                contests.score(db, contest_id, entry.number, entry.slug, time=entry.time,
                               wrong=entry.wrong, faults_=entry.faults, dnf=entry.dnf,
                               dsq=entry.dsq, confirmed="time" in agreed,
                               replace=False, replaces=replacing)
            except UnusualTime as unusual:
                self.post_message(EntryQuestioned(entry, t("{question} Enter again saves it as it is.",
                                                           question=unusual.message), "time"))
                return
            except ResultExists as kept:
                self.post_message(EntryQuestioned(entry, t("{question} Enter again replaces it.",
                                                           question=kept.message), "replace", kept.kept))
                return
            saved = contests.result_of(db, contest_id, entry.number, entry.slug)
            board = load_board(db, contest_id)
        assert saved is not None  # just written
        self.post_message(ResultSaved(board, Entered(contest_id, entry.number, entry.slug, previous, saved)))

    @on(EntryQuestioned)
    def _entry_questioned(self, message: EntryQuestioned) -> None:
        self.questioned, self.question = message.entry, message.question
        self.doubt, self.kept = message.doubt, message.kept
        form = self.form
        if form is not None:
            form.show(message.question, error=True)

    @on(ResultSaved)
    def _result_saved(self, message: ResultSaved) -> None:
        self.questioned, self.doubt, self.agreed, self.replacing = None, "", frozenset(), None
        self.last_entered = entered = message.entered
        self._show_board(message.board)
        row = message.board.row_for(entered.number)
        form = self.form
        if row is None:
            return
        text = f"{saved_text(row, entered.previous)} {t('ctrl+z undoes it.')}"
        self.query_one("#message", Label).update(text)
        index = message.board.rows.index(row)
        self.table.move_cursor(row=index)
        if form is not None:
            form.clear_for_next()
            form.show(text)

    def action_undo_result(self) -> None:
        """Put back what the team had before the last result entered here (ctrl+z)."""
        if self.last_entered is not None:
            self._undo(self.last_entered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-undo")
    def _undo(self, entered: Entered) -> None:
        with self.store.session() as db:
            event = contests.get_event(db, entered.contest_id, entered.slug).name
            now = contests.restore_result(db, entered.contest_id, entered.number, entered.slug,
                                          entered.previous, expected=entered.saved)
            if now != entered.saved:
                raise OutreachError(t("Team №{number}'s result in «{event}» has changed since it was entered here (now: {result}); nothing was undone.",
                                      number=entered.number, event=event,
                                      result=result_words(now) if now else t("no result")))
            board = load_board(db, entered.contest_id)
        text = (t("Entry undone: team №{number} has no result in «{event}» again.", number=entered.number, event=event)
                if entered.previous is None else
                t("Entry undone: team №{number} has its result in «{event}» back: {result}.", number=entered.number,
                  event=event, result=result_words(entered.previous)))
        self.post_message(EntryUndone(board, text))

    @on(EntryUndone)
    def _entry_undone(self, message: EntryUndone) -> None:
        self.last_entered = None
        self._show_board(message.board)
        self.query_one("#message", Label).update(message.text)
        form = self.form
        if form is not None:
            form.show(message.text)
        self.notify(message.text, markup=False)

    def action_remove_result(self) -> None:
        """Remove the result of the start number and event in the form, after a question."""
        form, board = self.form, self.board
        if form is None or board is None or form.event is None:
            return
        typed = form.query_one("#rf-number", Input).value.strip()
        row = board.row_for(int(typed)) if typed.isdigit() else self.highlighted_row
        event = form.event
        if row is None:
            form.show(t("Type the team's start number."), error=True)
            return
        result = board.results.get((row.team.id, event.slug))
        if result is None:
            form.show(t("Team №{number} has no result in «{event}» to remove.", number=row.team.number,
                        event=event.name), error=True)
            return
        question = ConfirmScreen(t("Remove a result"),
                                 t("Team №{number} «{name}», «{event}»: {result}.", number=row.team.number,
                                   name=row.team.name, event=event.name, result=result_words(result)),
                                 t("Remove this result?"), t("Remove"), danger=True)
        contest_id, number = board.contest.id, row.team.number

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(contest_id, number, event.slug, result)

        self.app.push_screen(question, answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-undo")
    def _remove(self, contest_id: int, number: int, slug: str, result: Result) -> None:
        with self.store.session() as db:
            event = contests.get_event(db, contest_id, slug).name
            if contests.restore_result(db, contest_id, number, slug, None, expected=result) != result:
                raise OutreachError(t("Team №{number}'s result in «{event}» has changed meanwhile; nothing was removed. Look at it again.",
                                      number=number, event=event))
            board = load_board(db, contest_id)
        self.post_message(EntryUndone(board, t("Result removed: team №{number}, «{event}».", number=number, event=event)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scoreboard-undo" and isinstance(event.worker.error, OutreachError):
            self.query_one("#message", Label).update(event.worker.error.message)  # stays: a reload redraws the form's line
        if event.worker.group == "scoreboard-save" and event.worker.error is not None:
            form = self.form
            if form is not None and isinstance(event.worker.error, OutreachError):
                form.show(event.worker.error.message, error=True)
                return
        notify_failure(self, event)

    def unsaved_work(self) -> str | None:
        """A sentence for the quit question when the result form holds an entry not saved."""
        form = self.form
        if form is None or not form.holds_entry():
            return None
        return t("A result typed on the Scoreboard is not saved (Enter in the form saves it).")

    def flush_work(self) -> None:
        """Nothing is kept on quit: a result is saved only when the teacher presses Enter."""

    # -- teams -------------------------------------------------------------------------

    @property
    def highlighted_team(self) -> contests.Team | None:
        row = self.highlighted_row
        return row.team if row is not None else None

    @property
    def highlighted_row(self) -> BoardRow | None:
        if self.board is None or not self.board.rows or self.table.cursor_row < 0:
            return None
        return self.board.rows[min(self.table.cursor_row, len(self.board.rows) - 1)]

    def action_new_team(self) -> None:
        if self.board is not None:
            self.app.push_screen(TeamDialog(self.store, self.board.contest.id), self._team_chosen)

    def _team_chosen(self, choice: TeamChoice | None) -> None:
        if choice is not None and self.contest_id is not None:
            self._add_team(self.contest_id, choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-team")
    def _add_team(self, contest_id: int, choice: TeamChoice) -> None:
        assert choice.student_id is not None  # a new team always has its student
        with self.store.session() as db:
            _, number = contests.add_team(db, contest_id, choice.student_id, choice.guardian_ids,
                                          choice.name, choice.number,
                                          any_guardian=choice.any_guardian)
            board = load_board(db, contest_id)
        self.post_message(TeamAdded(board, number))

    def action_edit_team(self) -> None:
        team = self.highlighted_team
        if team is not None and self.board is not None:
            self.app.push_screen(TeamDialog(self.store, self.board.contest.id, team),
                                 lambda choice: self._team_edited(team.number, choice))

    def _team_edited(self, number: int, choice: TeamChoice | None) -> None:
        if choice is not None and self.contest_id is not None:
            self._edit_team(self.contest_id, number, choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-team")
    def _edit_team(self, contest_id: int, number: int, choice: TeamChoice) -> None:
        with self.store.session() as db:
            saved = contests.edit_team(db, contest_id, number, name=choice.name or "",
                                       new_number=choice.number, guardian_ids=choice.guardian_ids,
                                       any_guardian=choice.any_guardian)
            board = load_board(db, contest_id)
        self.post_message(BoardChanged(board, t("Team №{number} saved.", number=saved)))

    def action_withdraw_team(self) -> None:
        team, board = self.highlighted_team, self.board
        if team is None or board is None:
            return
        results = sum(1 for (tid, _slug) in board.results if tid == team.id)
        body = t("Team №{number} «{name}» leaves the contest. Its results are removed with it: {results}.", number=team.number, name=team.name,
                 results=results)
        question = ConfirmScreen(t("Withdraw team №{number}", number=team.number), body,
                                 t("Withdraw the team?"),
                                 t("Withdraw"), danger=True)

        def answered(yes: bool | None) -> None:
            if yes and self.contest_id is not None:
                self._withdraw(self.contest_id, team.number)

        self.app.push_screen(question, answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-team")
    def _withdraw(self, contest_id: int, number: int) -> None:
        with self.store.session() as db:
            removed = contests.withdraw_team(db, contest_id, number)
            board = load_board(db, contest_id)
        self.post_message(BoardChanged(board, t("Team №{number} withdrawn; results removed with it: {results}.", number=number,
                                                results=removed)))

    @on(BoardChanged)
    def _board_changed(self, message: BoardChanged) -> None:
        self._show_board(message.board)
        self.notify(message.text, markup=False)

    def action_finish(self) -> None:
        """Lock the results of a contest that is over; asks first."""
        self._ask_status(locked=False)

    def action_reopen(self) -> None:
        """Open a finished contest's results again; asks first."""
        self._ask_status(locked=True)

    def _ask_status(self, locked: bool) -> None:
        board = self.board
        if board is None or self.contest_id is None:
            return
        contest_id = self.contest_id
        if locked:
            question = ConfirmScreen(t("Open «{title}» again", title=board.contest.title),
                                     t("The results can be changed again, for a correction; F locks them again when done."),
                                     t("Open the contest for results again?"), t("Open again"))
        else:
            question = ConfirmScreen(t("Finish «{title}»", title=board.contest.title),
                                     t("The results are locked: no result, fault or team can change. F opens it again for a correction."),
                                     t("Lock the results?"), t("Finish"))

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_status(contest_id, contests.OPEN if locked else contests.FINISHED)

        self.app.push_screen(question, answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-contest")
    def _set_status(self, contest_id: int, status: str) -> None:
        with self.store.session() as db:
            contests.set_status(db, contest_id, status)
            board = load_board(db, contest_id)
        self.post_message(BoardChanged(board, t("The contest is finished and locked.") if status == contests.FINISHED
                                       else t("The contest is open for results again.")))

    # -- contest setup -----------------------------------------------------------------

    def action_new_contest(self) -> None:
        self.app.push_screen(ContestNewDialog(), self._new_contest_chosen)

    def _new_contest_chosen(self, choice: NewContest | None) -> None:
        if choice is not None:
            self._create_contest(choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-contest")
    def _create_contest(self, choice: NewContest) -> None:
        with self.store.session() as db:
            cid = contests.new_contest(db, choice.title, choice.preset, choice.day, choice.place)
        self.post_message(ContestCreated(cid))

    @on(ContestCreated)
    def _contest_created(self, message: ContestCreated) -> None:
        self.contest_id = message.contest_id
        self._close_form()
        self._load_contests(message.contest_id)
        self.table.focus()

    def action_edit_events(self) -> None:
        if self.board is not None:
            self.app.push_screen(ContestEventsDialog(self.board.events, self.board.faults),
                                 self._setup_chosen)

    def _setup_chosen(self, changes: SetupChanges | None) -> None:
        if changes is None or self.contest_id is None or not (changes.events or changes.faults):
            return
        self._edit_setup(self.contest_id, changes)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-setup")
    def _edit_setup(self, contest_id: int, changes: SetupChanges) -> None:
        with self.store.session() as db:
            contests.edit_setup(db, contest_id, changes.events, changes.faults)
            board = load_board(db, contest_id)
        self.post_message(BoardChanged(board, t("Saved.")))

    @on(TeamAdded)
    def _team_added(self, message: TeamAdded) -> None:
        self._show_board(message.board)
        self.notify(t("Team entered with start number {number}.", number=message.number), markup=False)

    # -- projector, export, contest choice ---------------------------------------------

    def action_projector(self) -> None:
        if self.board is None:
            return
        self._projector = ProjectorScreen(self.board)
        self.app.push_screen(self._projector, self._projector_closed)

    def _projector_closed(self, _result: None) -> None:
        self._projector = None

    def action_focus_contest(self) -> None:
        self.contest_select.focus()

    def action_export(self) -> None:
        if self.board is None:
            return
        default = Path.home() / f"contest-{self.board.contest.id}"
        self.app.push_screen(ContestExportDialog(default), self._export_chosen)

    def _export_chosen(self, choice: ContestExport | None) -> None:
        if choice is not None and self.contest_id is not None:
            self._export(self.contest_id, choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-export")
    def _export(self, contest_id: int, choice: ContestExport) -> None:
        private_dir(choice.directory)  # the standings name families: a folder only the teacher reads
        with self.store.session() as db:
            paths = export_contest(db, contest_id, choice.directory, excel=choice.excel, xlsx=choice.xlsx)
        self.post_message(ContestExported(paths))

    @on(ContestExported)
    def _exported(self, message: ContestExported) -> None:
        self.notify(t("Written: {paths}.", paths=", ".join(str(p) for p in message.paths)))

    # -- the spectator memo and the invitation -----------------------------------------

    def action_memo(self) -> None:
        if self.board is None:
            return
        default = Path.home() / default_name(self.board.contest.id)
        self.app.push_screen(ContestMemoDialog(default), self._memo_chosen)

    def _memo_chosen(self, path: Path | None) -> None:
        if path is not None and self.contest_id is not None:
            self._write_memo(self.contest_id, path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scoreboard-memo")
    def _write_memo(self, contest_id: int, path: Path) -> None:
        with self.store.session() as db:
            written = write_contest_memo(db, contest_id, path)
        self.post_message(MemoWritten(written))

    @on(MemoWritten)
    def _memo_written(self, message: MemoWritten) -> None:
        self.notify(t("Spectator memo written: {path}", path=str(message.path)), markup=False)

    def action_invite(self) -> None:
        """Open Messages with the invitation template and this contest's date and place filled in."""
        from outreach_screens.messages.screen import MessagesScreen

        if self.board is None:
            return
        try:
            template = templates.find(INVITATION)
        except OutreachError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        values = invitation_values(self.board.contest, template.lang)
        self.app.switch_mode("messages")
        screen = self.app.screen
        if isinstance(screen, MessagesScreen):
            screen.call_after_refresh(screen.start_from_template,
                                      f"{template.lang}/{template.slug}", values)


def new_contest_from_anywhere(app: App[None]) -> None:
    """The command palette's «New contest»: open the Scoreboard and its new-contest dialog."""
    app.switch_mode("scoreboard")
    screen = app.screen
    if isinstance(screen, ScoreboardScreen):
        screen.call_after_refresh(screen.action_new_contest)


def fit_name(name: str, limit: int) -> str:
    """An event's name for its header: `WHOLE`, on `TWO_LINES`, or shortened to `limit`."""
    if limit == TWO_LINES:
        return two_lines(name)
    return short(name, limit) if limit else name


def two_lines(name: str) -> str:
    """A name on two lines split at the space that makes the longer line shortest:
    «Параллельная парковка» → «Параллельная» / «парковка»; one word stays on one line."""
    spaces = [i for i, char in enumerate(name) if char == " "]
    if not spaces:
        return name
    cut = min(spaces, key=lambda i: max(cell_len(name[:i]), cell_len(name[i + 1:])))
    return f"{name[:cut]}\n{name[cut + 1:]}"


def header_width(header: str) -> int:
    """The cells a (possibly two-line) header needs."""
    return max(cell_len(line) for line in header.split("\n"))


def short(name: str, width: int = 10) -> str:
    """Fit a column: «Параллельная парковка» → «Параллель…»."""
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"
