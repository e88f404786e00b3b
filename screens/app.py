"""The app shell: header, footer, sections as modes, command palette, help, themes."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import ThemeProvider

from outreach.common.i18n import N_, pt, t, t_fields
from outreach.messages.delivery import due
from outreach_screens.bindings import binding_rows, key_names
from outreach_screens.channels.telegram_watch import TelegramWatch
from outreach_screens.commands import HelpFallback, SectionCommands
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.focus import is_text_field, main_widget
from outreach_screens.help import HelpScreen
from outreach_screens.inbox.watch import InboxWatch
from outreach_screens.key_gate import KeyGate, KeysWaitFor
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.sections import SECTIONS
from outreach_screens.store import Store
from outreach_screens.stylesheet import SettledStylesheet
from outreach_screens.unsaved import HoldsWork

QUIT_QUESTION = "quit-question"
SECTION_KEYS = Binding.Group(N_("Sections"), compact=True)


class OutreachApp(App[None]):
    """One app, one frame; each section of `SECTIONS` is a mode with its own screen."""

    TITLE = "outreach"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {SectionCommands, HelpFallback}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,й", "quit", N_("Quit"), tooltip=N_("Quit the app"), show=False,
                id="app.quit"),
        Binding("ctrl+q", "quit", N_("Quit"), tooltip=N_("Quit the app"), show=False,
                priority=True, id="app.quit_now"),
        Binding("question_mark,f1", "help", N_("Help"), key_display="?",
                tooltip=N_("List the keys of this screen"), id="app.help"),
        # priority: focus moves as the app takes the key, before the keys typed after it go
        # to the focused field (a screen's own tab binding runs only once the key has bubbled
        # back up, and a burst «Ab⇥Cd» landed whole in the first field)
        Binding("tab", "focus_next", show=False, priority=True, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", show=False, priority=True, id="app.focus_previous"),
        Binding("ctrl+p", "command_palette", N_("Commands"), tooltip=N_("Open the command palette: sections, theme, help"),
                show=False, priority=True, id="app.palette"),
        Binding("escape", "leave_field", N_("Leave the field"), key_display="esc",
                tooltip=N_("Leave the text field, so that letter and digit keys work as commands again"), id="app.leave_field"),
        Binding("slash,full_stop", "no_search", "", key_display="/", show=False,
                tooltip=N_("Say that this screen has no search"), id="app.no_search"),
        *(Binding(section.key, f"show_section('{section.id}')", section.title_key,
                  tooltip=section.help_key, id=f"section.{section.id}", group=SECTION_KEYS)
          for section in SECTIONS),
    ]

    group: reactive[str | None] = reactive(None)
    """The group filter; it follows the teacher from section to section."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.stylesheet = SettledStylesheet(variables=self.get_css_variables())
        self.store = store
        self.key_gate = KeyGate(self)
        for section in SECTIONS:
            self.add_mode(section.id, partial(section.factory, store))

    def on_mount(self) -> None:
        self.show_section(SECTIONS[0].id)
        self.set_interval(self.DUE_INTERVAL, self.send_due_unless_sending)
        TelegramWatch(self, self.store).start()
        InboxWatch(self, self.store).start()

    def show_section(self, section_id: str) -> None:
        self.switch_mode(section_id)

    def show_students(self) -> None:
        """The roster's Students screen, from anywhere (the command palette)."""
        self.show_section("roster")
        if isinstance(self.screen, RosterScreen):  # not when Students is already open there
            self.screen.action_students()

    def erase_class(self) -> None:
        """The roster's «Erase this class's data…», from anywhere (the command palette)."""
        self.show_section("roster")
        screen = self.screen
        if isinstance(screen, RosterScreen):
            screen.call_after_refresh(screen.erase_class)

    def show_backup(self) -> None:
        """Settings' backup dialog, from anywhere (the command palette)."""
        from outreach_screens.settings.screen import SettingsScreen

        self.show_section("settings")
        if isinstance(self.screen, SettingsScreen):
            self.screen.action_backup()

    def section_action(self, section_id: str, action: str) -> None:
        """Open a section and run `action` of its screen once it is ready (the command
        palette's «New message», «New survey», «Import roster…»); not over a dialog or a
        screen already open there, which the teacher then sees instead."""
        self.show_section(section_id)
        screen = self.screen
        if screen is self.screen_stack[0]:
            screen.call_after_refresh(screen.run_action, action)

    # -- the messages list, and sending what is due while the app is open (send-due) -------

    DUE_INTERVAL: ClassVar[float] = 60.0

    def show_message_list(self) -> None:
        from outreach_screens.messages.outbox import MessageListScreen

        self.push_screen(MessageListScreen(self.store))

    def send_due_unless_sending(self) -> None:
        """The timer's tick: a send still running (a slow or silent mail server) is waited for,
        not joined by another thread beside it at every tick."""
        if not any(worker.group == "send-due" and not worker.is_finished for worker in self.workers):
            self.send_due()

    @work(thread=True, exit_on_error=False, group="send-due")
    def send_due(self) -> None:
        """Scheduled messages and deliveries quiet hours held back go out by themselves; a
        message the timer's process is sending is left to it."""
        with self.store.session() as db:
            report = due.send_due(db)
        if report.anything:  # with why rows wait: the mail server down or dropping, a channel not set up
            said = [t_fields("Sent by schedule: {sent} sent, {exported} to files, {deferred} still waiting, {failed} failed, {unknown} unknown.", asdict(report)), *report.problems]
            self.call_from_thread(self.notify, " ".join(said), markup=False,
                                  severity="warning" if report.problems else "information")

    def action_show_section(self, section_id: str) -> None:
        self.show_section(section_id)

    # -- quitting ------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, asking first when a screen holds unsaved work (q, ctrl+q, the palette)."""
        if self.screen.id == QUIT_QUESTION:
            return
        work = [text for screen in self._holding_work() if (text := screen.unsaved_work())]
        if not work:
            self._quit()
            return
        question = ConfirmScreen(t("Quit outreach?"), "\n".join(work),
                                 t("Quit now?"), pt("slipsmessages.quit.button", "Quit"),
                                 danger=True)
        question.id = QUIT_QUESTION

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self._quit()

        self.push_screen(question, answered)

    def _holding_work(self) -> list[HoldsWork]:
        screens: list[HoldsWork] = []
        for section in SECTIONS:
            try:
                stack = self.get_screen_stack(section.id)
            except KeyError:  # a section not opened yet
                continue
            screens += [screen for screen in stack if isinstance(screen, HoldsWork)]
        return screens

    def _quit(self) -> None:
        for screen in self._holding_work():
            screen.flush_work()
        self.exit()

    # -- keys typed in a burst ---------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes taken after Enter, Escape, Ctrl+S or a command key wait for what
        that key set off. One that comes once the screens are gone (the app closing) does nothing."""
        if isinstance(event, events.Key | events.Paste) and not self.screen_stack:
            return
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            await super().on_event(event)
        elif not self.key_gate.holds(event):
            settles = self.key_gate.settles(event)  # asked where the key is taken, before it moves anything
            await super().on_event(event)
            if settles:
                self.key_gate.taken()

    @on(KeysWaitFor)
    def _keys_wait_for(self, message: KeysWaitFor) -> None:
        self.key_gate.wait_for(message.worker)

    # -- text fields ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return is_text_field(self.focused)
        return True

    def action_no_search(self) -> None:
        """/ where the screen binds no search of its own: said, not silently ignored."""
        section = next((t(s.title_key) for s in SECTIONS if s.id == self.current_mode), t("This screen"))
        self.notify(t("{section}: nothing to search here. ? lists the keys of this screen; Ctrl+P finds sections and commands.", section=section),
                    markup=False)

    def action_leave_field(self) -> None:
        """Escape in a text field that the screen does not handle itself: to the main widget."""
        target = main_widget(self.screen)
        if target is None:
            self.screen.set_focus(None)
        else:
            target.focus()

    def get_key_display(self, binding: Binding) -> str:
        return key_names(super().get_key_display(binding))

    def format_title(self, title: str, sub_title: str) -> Content:
        if not sub_title:
            return Content(title)
        return Content.assemble(title, (" · ", "dim"), sub_title)

    # -- help, palette, themes --------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_rows(self.screen)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=t("Search for a section or command…")))

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=t("Search for a theme…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(t("Theme"), t("Change the colour theme"),
                            self.action_change_theme)
        yield SystemCommand(t("Keys"), t("List the keys of this screen"), self.action_help)
        yield SystemCommand(t("Quit"), t("Quit the app"), self.action_quit)


def make_app(db_path: Path) -> OutreachApp:
    """The app over the database at `db_path` (migrated forward first); used by CLI and tests."""
    store = Store(db_path)
    store.migrate()
    return OutreachApp(store)


def run_app(db_path: Path) -> None:
    """The app in this terminal until the teacher quits. Textual makes many short-lived
    objects: the cyclic collector runs every 10,000 allocations instead of 700, and what
    start-up built (modules, the app) stays out of its full collections; about a tenth less
    CPU a keystroke or a section switch (bench/README.md, Session 9)."""
    app = make_app(db_path)
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    app.run()
