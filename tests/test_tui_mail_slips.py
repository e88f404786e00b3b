"""The guardian form and the import wizard with an e-mail at a slip of a common provider's
domain, through Textual's Pilot at 80×24, in English and Russian, by keyboard."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach import surveys
from outreach.channels.preferences import load_preferences
from outreach.roster import guardians as roster
from outreach.roster.consent import set_consent
from outreach_screens.app import make_app
from outreach_screens.channels.form import ChannelForm
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.tui_support import open_section, screen_lines, settle, until

SIZE = (80, 24)
CORPUS = Path(__file__).parent / "data" / "rosters"


async def fill_and_save(pilot: Pilot, surname: str, email: str) -> None:
    """Type the surname, tab down to the e-mail, type it, save with ctrl+s."""
    form = pilot.app.screen
    assert isinstance(form, GuardianForm)
    await pilot.press(*surname)
    while pilot.app.focused is not form.field_input("email"):
        await pilot.press("tab")
    await pilot.press(*email, "ctrl+s")
    await settle(pilot)


@pytest.mark.parametrize(("lang", "reason"), [
    ("en", "«olga@gmail.con» — perhaps «olga@gmail.com»? Save again to keep it as typed."),
    ("ru", "«olga@gmail.con» — возможно, «olga@gmail.com»? Сохраните ещё раз, чтобы оставить как написано."),
])
async def test_the_form_questions_a_slipped_domain_and_saves_it_when_saved_again(
        db: sqlite_utils.Database, db_path: Path, request: pytest.FixtureRequest, lang: str, reason: str) -> None:
    if lang == "ru":
        request.getfixturevalue("russian")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "a", GuardianForm)
        await fill_and_save(pilot, "Иванова", "olga@gmail.con")
        assert roster.count_guardians(db) == 0  # not saved
        again = app.screen
        assert isinstance(again, GuardianForm) and again is not form
        assert again.field_input("email").value == "olga@gmail.con"
        assert str(again.field_error("email").render()) == reason
        assert again.focused is again.field_input("email")
        shown = [line.strip(" █") for line in screen_lines(app)]
        assert " ".join(reason.split()) in " ".join(" ".join(shown).split())  # whole at 80×24
        await pilot.press("ctrl+s")  # the same address again: kept as typed
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    [saved] = roster.list_guardians(db)
    assert (saved.surname, saved.email) == ("Иванова", "olga@gmail.con")


async def test_a_corrected_address_saves_at_once_and_another_slip_is_asked_again(
        db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "a", GuardianForm)
        await fill_and_save(pilot, "Петрова", "anna@gmial.com")
        again = app.screen
        assert isinstance(again, GuardianForm)
        email = again.field_input("email")
        email.value = "anna@mail.ri"  # another slip: asked about, not taken as agreed
        await pilot.press("ctrl+s")
        await settle(pilot)
        third = app.screen
        assert isinstance(third, GuardianForm) and third is not again
        assert "«anna@mail.ru»" in str(third.field_error("email").render())
        assert roster.count_guardians(db) == 0
        third.field_input("email").value = "anna@gmail.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    assert [g.email for g in roster.list_guardians(db)] == ["anna@gmail.com"]


async def test_editing_a_guardian_questions_only_a_new_address(db: sqlite_utils.Database, db_path: Path) -> None:
    gid = roster.add_guardian(db, {"surname": "Иванова", "email": "olga@gmail.con"}, confirmed=True)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        await until(pilot, lambda: screen.highlighted is not None)
        form = await open_section(pilot, "e", GuardianForm)
        form.field_input("phone").value = "8 912 345-67-89"
        await pilot.press("ctrl+s")  # the address kept before is not asked about again
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert roster.get_guardian(db, gid).phone == "+79123456789"
        form = await open_section(pilot, "e", GuardianForm)
        form.field_input("email").value = "olga@yandex.ry"
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, GuardianForm)
        assert "«olga@yandex.ru»" in str(again.field_error("email").render())
        assert roster.get_guardian(db, gid).email == "olga@gmail.con"


@pytest.mark.parametrize(("lang", "check", "shown"), [
    ("en", "E-mail addresses to check: 5", "perhaps «ivan@gmail.com»?"),
    ("ru", "Адресов e-mail на проверку: 5", "возможно, «ivan@gmail.com»?"),
])
async def test_the_import_wizard_lists_the_addresses_to_check_and_imports_them(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest, lang: str, check: str, shown: str) -> None:
    if lang == "ru":
        request.getfixturevalue("russian")
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "mail_slips.csv", tmp_path / "5b.csv")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_section(pilot, "i", ImportWizard)
        await pilot.press(*"5b.csv", "enter")
        await until(pilot, lambda: wizard.step == "step-preview")
        wizard.next_button.press()
        await until(pilot, lambda: wizard.step == "step-check")
        assert check in str(wizard.query_one("#counts").render())
        table = wizard.problems_table
        assert table.display and table.row_count == 5
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[3][0] == "5" and rows[3][1] == "E-mail отца"
        assert shown in rows[3][2].replace("\n", " ")
        assert wizard.next_button.has_focus  # nothing refused: Enter imports
        await until(pilot, lambda: not wizard.next_button.has_class("-active"))  # Enter ignored while it shows the last press
        await pilot.press("enter")
        await until(pilot, lambda: roster.count_guardians(db) == 12)
    assert db.execute("SELECT count(*) FROM guardians WHERE email = 'ivan@gmail.ru'").fetchone()[0] == 1


@pytest.mark.parametrize(("lang", "reason"), [
    ("en", "«olga@gmail.con» — perhaps «olga@gmail.com»? Save again to keep it as typed."),
    ("ru", "«olga@gmail.con» — возможно, «olga@gmail.com»? Сохраните ещё раз, чтобы оставить как написано."),
])
async def test_the_channel_form_questions_a_slipped_address_and_saves_it_when_saved_again(
        db: sqlite_utils.Database, db_path: Path, request: pytest.FixtureRequest, lang: str, reason: str) -> None:
    if lang == "ru":
        request.getfixturevalue("russian")
    gid = roster.add_guardian(db, {"surname": "Иванова", "name": "Ольга"})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "2", ChannelsScreen)
        await until(pilot, lambda: screen.state is not None and screen.state.guardian_id == gid)
        form = await open_section(pilot, "e", ChannelForm)
        form.field_input("email").value = "olga@gmail.con"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.error_text == reason
        assert app.focused is form.field_input("email")
        assert load_preferences(db, gid).addresses == {}  # not saved
        form.field_input("email").value = "olga@mail.ri"  # another slip: asked about, not taken as agreed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "«olga@mail.ru»" in form.error_text
        form.field_input("email").value = "olga@gmail.con"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # asked again: the last question was about another address
        await pilot.press("ctrl+s")  # the same address again: kept as typed
        await settle(pilot)
        assert isinstance(app.screen, ChannelsScreen)
    assert load_preferences(db, gid).addresses == {"email": "olga@gmail.con"}


async def test_applying_a_survey_names_a_slipped_address_in_the_preview(
        db: sqlite_utils.Database, db_path: Path) -> None:
    gid = roster.add_guardian(db, {"surname": "Иванова", "name": "Ольга", "email": "olga@gmail.con"}, confirmed=True)
    set_consent(db, [gid], given=True)
    sid = surveys.new_from_template(db, "channels", lang="en")
    questions = {q.role: q.id for q in surveys.get_survey(db, sid).questions}
    surveys.add_response(db, sid, {questions["primary"]: "MAX", questions["channels"]: "E-mail"}, guardian_id=gid)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        confirm = await open_section(pilot, "a", ConfirmScreen)
        assert ("Иванова Ольга chose e-mail: «olga@gmail.con» — perhaps «olga@gmail.com»? "
                "Check the address before writing to it.") in confirm.body
        confirm.confirm_button.press()  # a warning: applying is still the teacher's choice
        await settle(pilot)
    assert load_preferences(db, gid).order[0] == "max"
