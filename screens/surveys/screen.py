"""The Surveys section: results with bars, response rate per group, import, paper entry."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Label, Select
from textual.worker import Worker

from outreach import surveys
from outreach.common import paths
from outreach.common.channel_names import channel_label
from outreach.common.i18n import N_, NP_, t, tn
from outreach.common.tabular import XLSX
from outreach.roster import guardians as roster
from outreach.surveys import bot as survey_bot
from outreach.surveys.identity import WHO_FIELDS, answered_by
from outreach.surveys.importer import ImportPlan, commit_import
from outreach.surveys.model import type_label
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.failures import notify_failure
from outreach_screens.roster.export_dialog import ExportChoice, ExportDialog
from outreach_screens.store import Store
from outreach_screens.surveys.entry import SurveyEntryScreen
from outreach_screens.surveys.import_dialog import SurveyImportWizard
from outreach_screens.surveys.question import QuestionTypeDialog, Retype
from outreach_screens.surveys.templates import SurveyTemplatePicker
from outreach_screens.widgets.file_watch import FileWatch
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.survey_results import SurveyResults

ALL_GROUPS = "\x00all"
PREVIEW_LINES = 12


class SurveysLoaded(Message):
    def __init__(self, items: list[surveys.SurveyInfo], groups: list[str], survey: surveys.Survey | None,
                 results: surveys.Results | None) -> None:
        super().__init__()
        self.items = items
        self.groups = groups
        self.survey = survey
        self.results = results


class ChannelPlanReady(Message):
    def __init__(self, changes: list[surveys.ChannelChange], skipped: int, coverage: str, needs: int, quiet_hours: bool,
                 doubts: list[str]) -> None:
        super().__init__()
        self.quiet_hours = quiet_hours
        self.changes = changes
        self.skipped = skipped
        self.coverage = coverage
        self.needs = needs
        self.doubts = doubts  # parents who chose e-mail at an address that looks mistyped


class BotAudienceCounted(Message):
    """Who a bot survey would go to, for the teacher to confirm."""

    def __init__(self, audience: survey_bot.BotAudience) -> None:
        super().__init__()
        self.audience = audience


class SurveysChanged(Message):
    """Something was written; reload and say what."""

    def __init__(self, survey_id: int | None, note: str) -> None:
        super().__init__()
        self.survey_id = survey_id
        self.note = note


class SurveysScreen(LocalizedScreen[None]):
    """Opens on the most recent survey; the group filter follows the app's."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#results"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i,ш", "import", NP_("surveys.tui.key.import", "Import"), tooltip=N_("Import a Google Forms or Yandex Forms export (CSV or XLSX)"),
                id="surveys.import"),
        Binding("m,ь", "manual", N_("Manual entry"), tooltip=N_("Enter paper questionnaires"),
                id="surveys.manual"),
        Binding("a,ф", "apply", N_("Apply to channels"), tooltip=N_("Set matched guardians' preferred channels from their answers, after a preview"),
                id="surveys.apply"),
        Binding("h,р", "apply(True)", N_("Apply with quiet hours"), tooltip=N_("Apply to channels and also set quiet hours from the convenient-time answer, after a preview"),
                show=False, id="surveys.apply_quiet"),
        Binding("x,ч", "export", N_("Export"), tooltip=N_("Write raw responses and the summary as CSV"),
                id="surveys.export"),
        Binding("n,т", "new", N_("New survey"), tooltip=N_("Create the channel survey from its template"),
                id="surveys.new"),
        Binding("t,е", "question_type", N_("Question type"), tooltip=N_("Change a question's type (after an import guessed wrong); its answers are re-read"),
                id="surveys.question"),
        Binding("b,и", "ask_bot", N_("Ask by bot"), tooltip=N_("Send the survey as a questionnaire in Telegram and MAX to linked parents"), id="surveys.ask_bot"),
        Binding("s,ы", "focus_survey", N_("Survey"), tooltip=N_("Choose the survey"),
                show=False, id="surveys.survey"),
        Binding("g,п", "focus_group", N_("Group"), tooltip=N_("Show respondents of one group only"),
                show=False, id="surveys.group"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.survey: surveys.Survey | None = None
        self.results: surveys.Results | None = None
        self.group: str | None = None
        self._groups: list[str] = []

    # -- typed accessors ---------------------------------------------------------------

    @property
    def survey_select(self) -> Select[int]:
        return self.query_one("#survey", Select)

    @property
    def group_select(self) -> Select[str]:
        return self.query_one("#group", Select)

    @property
    def results_view(self) -> SurveyResults:
        return self.query_one("#results", SurveyResults)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="toolbar"):
            yield Select([], prompt=t("No survey"), id="survey", compact=True,
                         tooltip=t("Choose the survey"))
            yield Select([(t("all groups"), ALL_GROUPS)], value=ALL_GROUPS,
                         allow_blank=False, id="group", compact=True, tooltip=t("Show respondents of one group only"))
        results = SurveyResults(id="results")
        results.tooltip = t("Survey results: ↑↓ to scroll")
        yield results
        yield Label("", id="message", markup=False)
        yield FileWatch(self.store.path)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Surveys')} · {self.store.name}"
        self.group = getattr(self.app, "group", None)
        self._load(None)

    def on_screen_resume(self) -> None:
        group = getattr(self.app, "group", None)
        if group != self.group and self.is_mounted:
            self.group = group
            self._load(self.survey.id if self.survey else None)

    @on(FileWatch.Changed)
    def _file_changed(self) -> None:
        """A survey imported or answered elsewhere (the CLI, a bot fetch) shows up here."""
        self._load(self.survey.id if self.survey else None)

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-load")
    def _load(self, survey_id: int | None) -> None:
        with self.store.session() as db:
            items = surveys.list_surveys(db)
            ids = [i["id"] for i in items]
            target = survey_id if survey_id in ids else (ids[0] if ids else None)
            groups = roster.group_names(db)
            group = self.group if self.group in groups else None
            survey = surveys.get_survey(db, target) if target is not None else None
            results = surveys.results(db, target, group) if target is not None else None
        self.post_message(SurveysLoaded(items, groups, survey, results))

    @on(SurveysLoaded)
    def _loaded(self, message: SurveysLoaded) -> None:
        self.survey, self.results, self._groups = message.survey, message.results, message.groups
        with self.prevent(Select.Changed):
            self.survey_select.set_options([(f"{i['title']} ({i['responses']})", i["id"]) for i in message.items])
            if self.survey is not None:
                self.survey_select.value = self.survey.id
            self.group_select.set_options([(t("all groups"), ALL_GROUPS)]
                                          + [(g, g) for g in message.groups])
            self.group_select.value = self.group if self.group in message.groups else ALL_GROUPS
        doc = message.results
        if self.survey is None or doc is None:
            self.results_view.show(None, t("No surveys yet: press n for the channel survey, or i to import a Forms export."))
            return
        self.results_view.show(doc)  # its first line has the responses and the rate

    @on(Select.Changed, "#survey")
    def _survey_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and (self.survey is None or event.value != self.survey.id):
            self._load(event.value)

    @on(Select.Changed, "#group")
    def _group_chosen(self, event: Select.Changed) -> None:
        group = None if event.value in (ALL_GROUPS, Select.NULL) else str(event.value)
        if group == self.group:
            return
        self.group = group
        if hasattr(self.app, "group"):
            self.app.group = group
        self._load(self.survey.id if self.survey else None)

    def action_focus_survey(self) -> None:
        self.survey_select.focus()

    def action_focus_group(self) -> None:
        self.group_select.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)

    def _say(self, text: str) -> None:
        self.query_one("#message", Label).update(text)

    @on(SurveysChanged)
    def _changed(self, message: SurveysChanged) -> None:
        self._say(message.note)
        self.notify(message.note)
        self._load(message.survey_id)

    # -- new, import, manual entry ---------------------------------------------------------

    def action_new(self) -> None:
        self.app.push_screen(SurveyTemplatePicker(surveys.list_templates()), self._template_chosen)

    def _template_chosen(self, template: surveys.TemplateInfo | None) -> None:
        if template is not None:
            self._new(str(template["slug"]), str(template["lang"]))

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-write")
    def _new(self, slug: str, lang: str) -> None:
        with self.store.session() as db:
            sid = surveys.new_from_template(db, slug, lang=lang)
            title = surveys.get_survey(db, sid).title
        self.post_message(SurveysChanged(sid, t("Survey {id} created: {title}.", id=sid, title=title)))

    def action_import(self) -> None:
        self.app.push_screen(SurveyImportWizard(self.store, self.survey), self._import_chosen)

    def _import_chosen(self, plan: ImportPlan | None) -> None:
        if plan is not None:
            self._say(t("Importing responses…"))
            self._commit(plan)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-write")
    def _commit(self, plan: ImportPlan) -> None:
        with self.store.session() as db:
            report = commit_import(db, plan)
        self.post_message(SurveysChanged(report["survey"], t(
            "Survey {survey}. Responses imported: {imported}, already there: {duplicates}, matched to guardians: {matched}.", survey=report["survey"], imported=report["imported"],
            duplicates=report["duplicates"], matched=report["matched"])))

    def action_manual(self) -> None:
        if self.survey is None:
            self._say(t("No surveys yet: press n for the channel survey, or i to import a Forms export."))
            return
        self.app.push_screen(SurveyEntryScreen(self.store, self.survey), self._entry_closed)

    def _entry_closed(self, saved: int | None) -> None:
        if saved:
            self._load(self.survey.id if self.survey else None)

    # -- correcting a question -------------------------------------------------------------

    def action_question_type(self) -> None:
        if self.survey is not None and self.survey.questions:
            self.app.push_screen(QuestionTypeDialog(self.survey), self._type_chosen)

    def _type_chosen(self, chosen: Retype | None) -> None:
        if chosen is not None and self.survey is not None:
            self._retype(self.survey.id, chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-write")
    def _retype(self, survey_id: int, chosen: Retype) -> None:
        if chosen.type in WHO_FIELDS:
            with self.store.session() as db:
                done = answered_by(db, chosen.question_ids[0], chosen.type)
            self.post_message(SurveysChanged(survey_id, t("«{question}» was who answered: removed with its answers; responses matched again: {matched}.", question=chosen.text, matched=done["matched"])))
            return
        with self.store.session() as db:
            question = surveys.retype_questions(db, chosen.question_ids, chosen.type)[0]
        self.post_message(SurveysChanged(survey_id, t("«{question}» is now {type}; its answers were read again.", question=chosen.text,
                                                      type=type_label(question.type, question.labels))))

    # -- apply to channels -----------------------------------------------------------------

    def action_apply(self, quiet_hours: bool = False) -> None:
        if self.survey is not None:
            self._channel_plan(self.survey.id, quiet_hours)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-apply")
    def _channel_plan(self, survey_id: int, quiet_hours: bool) -> None:
        with self.store.session() as db:
            plan = surveys.channel_plan(db, survey_id, quiet_hours)
            coverage = surveys.describe_coverage(surveys.coverage_change(db, plan))
        self.post_message(ChannelPlanReady([p for p in plan if p["changed"]], sum(1 for p in plan if not p["chosen"]),
                                           coverage, sum(1 for p in plan if p["needs_address"]), quiet_hours,
                                           [surveys.describe_doubt(p) for p in plan if p["email_doubt"]]))

    @on(ChannelPlanReady)
    def _confirm_apply(self, message: ChannelPlanReady) -> None:
        if not message.changes:
            self._say(t("Guardians who would get new channel preferences: {changed}; answered without naming a channel: {skipped}.", changed=0, skipped=message.skipped))
            return
        lines = [message.coverage]
        if message.needs:
            lines.append(tn("{n} guardian chose a channel that has no address yet.", "{n} guardians chose a channel that has no address yet.", message.needs))
        lines += message.doubts[:PREVIEW_LINES]
        lines += [surveys.describe_change(p) for p in message.changes[:PREVIEW_LINES]]
        if len(message.changes) > PREVIEW_LINES:
            lines.append(t("… and {count} more.", count=len(message.changes) - PREVIEW_LINES))
        survey_id = self.survey.id if self.survey else 0

        def done(ok: bool | None) -> None:
            if ok:
                self._apply(survey_id, message.quiet_hours)

        self.app.push_screen(ConfirmScreen(
            t("Apply the survey to channel preferences"), "\n".join(lines),
            tn("Change the channel preferences of {n} guardian?", "Change the channel preferences of {n} guardians?", len(message.changes)), t("Apply")), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-write")
    def _apply(self, survey_id: int, quiet_hours: bool) -> None:
        with self.store.session() as db:
            result = surveys.apply_channels(db, survey_id, quiet_hours)
        self.post_message(SurveysChanged(survey_id, tn("Channel preferences changed for {n} guardian.", "Channel preferences changed for {n} guardians.", result["changed"])))

    # -- asking by bot -----------------------------------------------------------------------

    def action_ask_bot(self) -> None:
        if self.survey is not None:
            self._count_bot_audience(self.survey.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-bot")
    def _count_bot_audience(self, survey_id: int) -> None:
        with self.store.session() as db:
            self.post_message(BotAudienceCounted(survey_bot.audience(db, survey_id)))

    @on(BotAudienceCounted)
    def _confirm_bot(self, message: BotAudienceCounted) -> None:
        plan = message.audience
        if self.survey is None or self.survey.id != plan.survey_id:
            return
        if not plan.guardians:
            self._say(t("Nobody to ask: no consenting parent who has not been asked yet has linked Telegram or MAX to the bot."))
            self.notify(t("Nobody to ask: no consenting parent who has not been asked yet has linked Telegram or MAX to the bot."), severity="warning")
            return
        title = self.survey.title
        channels = ", ".join(f"{channel_label(c)}: {n}" for c, n in plan.by_channel.items())

        def done(ok: bool | None) -> None:
            if ok:
                self._ask_bot(plan.survey_id)

        self.app.push_screen(ConfirmScreen(
            t("Ask by bot"), t("Survey «{title}» by bot. Parents to ask: {parents} ({channels}); asked before: {before}.", title=title, parents=len(plan.guardians),
                                      channels=channels, before=plan.asked_before),
            t("Ask «{title}» by bot? Parents: {parents} ({channels}).", title=title, parents=len(plan.guardians), channels=channels),
            t("Ask by bot")), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-write")
    def _ask_bot(self, survey_id: int) -> None:
        with self.store.session() as db:
            asked = survey_bot.ask(db, survey_id)
        self.post_message(SurveysChanged(survey_id, t("Survey sent by bot. Parents: {parents}; sent: {sent}, waiting for quiet hours: {deferred}.", parents=asked.parents, sent=asked.sent,
                                                      deferred=asked.deferred)))

    # -- export ------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.survey is None:
            return
        default = paths.user_data_dir() / "exports" / f"survey-{self.survey.id}{XLSX}"
        self.app.push_screen(ExportDialog(default, roster.Filter(group=self.group)), self._export_chosen)

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is not None and self.survey is not None:
            self._export(self.survey.id, choice.path, choice.filter.group, choice.excel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="surveys-export")
    def _export(self, survey_id: int, path: Path, group: str | None, excel: bool) -> None:
        summary = path.with_name(f"{path.stem}-summary{path.suffix or XLSX}")
        with self.store.session() as db:
            rows = surveys.export_results(db, survey_id, path, group=group, excel=excel)
            surveys.export_results(db, survey_id, summary, summary=True, group=group, excel=excel)
        self.post_message(SurveysChanged(survey_id, t("Responses written to {path}: {rows}; the summary to {summary}.", rows=rows, path=str(path),
                                                      summary=str(summary))))

