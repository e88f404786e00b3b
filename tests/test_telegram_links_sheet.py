"""Telegram links for a whole class: the printable sheet with QR codes, the CSV list, and the
invitation e-mail carrying each parent's own link (sent to a local aiosmtpd, then the /start
read back from a local Bot API server links the parent)."""

from __future__ import annotations

import csv
import re
import stat
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from outreach.channels.preferences import reach_one, set_preferences
from outreach.channels.telegram_link import chat_guardians
from outreach.common.errors import OutreachError
from outreach.messages import compose, telegram_sheet, templates
from outreach.messages.delivery.send import send_message
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from tests.messages_support import Mailbox, TelegramApi, local_smtp

BOT = "school_pdd_bot"
TOKEN = "123456789:AAHsecretTOKENvalue_for-tests"
LINK = re.compile(rf"https://t\.me/{BOT}\?start=([A-Za-z0-9_-]+)")


class Page(HTMLParser):
    """The sheet as a reader sees it: its text, its sections and its QR images."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self.svgs = 0
        self.cards = 0
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.svgs += tag == "svg"
        self.cards += tag == "div" and ("class", "card") in attrs
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h1:
            self.headings.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(self.text)


def add_family(db: sqlite_utils.Database, child: str, group: str, parent: str, n: int,
               **contacts: str) -> int:
    surname, name = child.split()
    sid = roster.add_student(db, surname, name, "", group)
    p_surname, p_name, p_patronymic = parent.split()
    gid = roster.add_guardian(db, {"surname": p_surname, "name": p_name, "patronymic": p_patronymic,
                                   "phone": f"+7912000{n:04d}", **contacts}, [(sid, "mother")])
    roster.set_consent(db, [gid], True)
    return gid


@pytest.fixture
def school(db: sqlite_utils.Database) -> dict[str, int]:
    """10А: two parents not linked, one linked, one who declined Telegram; 11Б: one parent."""
    set_setting(db, "telegram.bot", "@" + BOT)
    set_setting(db, "quiet_hours", "off")
    set_setting(db, "default_channels", "telegram,email")
    ids = {
        "petrova": add_family(db, "Петров Иван", "10А", "Петрова Анна Викторовна", 1, email="petrova@example.ru"),
        "sidorov": add_family(db, "Сидорова Мария", "10А", "Сидоров Олег Петрович", 2, telegram="@oleg_s"),
        "linked": add_family(db, "Кузнецов Глеб", "10А", "Кузнецова Ирина Павловна", 3,
                             email="kuz@example.ru", telegram="555000111"),
        "declined": add_family(db, "Орлов Павел", "10А", "Орлова Нина Юрьевна", 4, email="orlova@example.ru"),
        "other": add_family(db, "Белов Денис", "11Б", "Белова Вера Ивановна", 5, email="belova@example.ru"),
    }
    set_preferences(db, ids["declined"], opt_out=["telegram"])
    return ids


def tokens(db: sqlite_utils.Database) -> dict[int, str]:
    return dict(db.execute("SELECT guardian_id, token FROM telegram_links WHERE used_at IS NULL").fetchall())


def test_sheet_for_a_class_lists_only_unlinked_parents_with_their_links_and_qr_codes(
        cli, db: sqlite_utils.Database, school: dict[str, int], tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.html"
    sheet.write_text("an old sheet")
    sheet.chmod(0o644)  # an earlier file readable by others must not stay so
    listing = tmp_path / "links.csv"
    result = cli.json("channels", "link-sheet", "--group", "10а", "--list", str(listing), str(sheet))
    assert result == {"path": str(sheet), "list": str(listing), "guardians": 2, "groups": {"10А": 2}}
    for path in (sheet, listing):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left

    text = sheet.read_text(encoding="utf-8")
    page = Page(text)
    made = tokens(db)
    assert set(made) == {school["petrova"], school["sidorov"]}
    assert page.headings == ["Class 10А: connect school messages in Telegram"]
    assert page.cards == 2 and page.svgs == 2
    assert "@page" in text and "break-inside:avoid" in text
    for gid, parent, child in ((school["petrova"], "Петрова Анна Викторовна", "Петров Иван"),
                               (school["sidorov"], "Сидоров Олег Петрович", "Сидорова Мария")):
        assert parent in page.all_text and f"Parent of {child}" in page.all_text
        assert f"https://t.me/{BOT}?start={made[gid]}" in page.all_text
    for absent in ("Кузнецова", "Орлова", "Белова", "+7912", "@example.ru", "oleg_s"):
        assert absent not in text

    with listing.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    assert rows[0] == ["Class", "Parent", "Child", "Telegram link"]
    assert sorted(r[3] for r in rows[1:]) == sorted(f"https://t.me/{BOT}?start={tok}" for tok in made.values())

    # printing again reuses the same unused tokens: a sheet already handed out keeps working
    again = cli.json("channels", "link-sheet", "--list", str(tmp_path), str(tmp_path))
    assert again["groups"] == {"10А": 2, "11Б": 1}
    assert again["list"] == str(tmp_path / "telegram-links.xlsx")  # a folder gets the workbook
    book = openpyxl.load_workbook(tmp_path / "telegram-links.xlsx").active
    assert [cell.value for cell in book[1]] == rows[0] and book.max_row == 4
    assert {g: made[g] for g in made} == {g: tokens(db)[g] for g in made}
    assert Page((tmp_path / "telegram-links.html").read_text()).headings == [
        "Class 10А: connect school messages in Telegram", "Class 11Б: connect school messages in Telegram"]


def test_sheet_refuses_when_every_parent_is_linked_or_the_folder_is_missing(
        cli, db: sqlite_utils.Database, school: dict[str, int], tmp_path: Path) -> None:
    result = cli("channels", "link-sheet", "--group", "10А", str(tmp_path / "missing" / "s.html"))
    assert result.exit_code == 1 and "missing" in result.stderr
    for name in ("petrova", "sidorov", "other"):
        set_preferences(db, school[name], addresses={"telegram": str(777000100 + school[name])})
    result = cli("channels", "link-sheet", str(tmp_path / "s.html"))
    assert result.exit_code == 1 and "already linked" in result.stderr
    assert not (tmp_path / "s.html").exists()
    assert tokens(db) == {}
    assert cli("channels", "link-sheet", "--group", "5В", str(tmp_path)).exit_code == 1


def test_sheet_without_a_bot_setting_writes_nothing(cli, db: sqlite_utils.Database, school: dict[str, int],
                                                    tmp_path: Path) -> None:
    set_setting(db, "telegram.bot", "")
    result = cli("channels", "link-sheet", str(tmp_path / "s.html"))
    assert result.exit_code == 1 and "telegram.bot" in result.stderr
    assert list(tmp_path.glob("s.html*")) == [] and tokens(db) == {}


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    with local_smtp(monkeypatch, mailbox):
        yield mailbox


def test_invite_carries_each_parents_own_link_and_the_start_links_them(
        cli, db: sqlite_utils.Database, school: dict[str, int], smtp: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    created = cli.json("channels", "link-invite")
    assert set(created) == {"id"}
    message_id = created["id"]
    # e-mail reaches Петрова and Белова; Сидоров has no e-mail, Кузнецова is linked, Орлова declined
    rows = db.execute("SELECT guardian_id, channel, status FROM deliveries WHERE message_id = ? ORDER BY guardian_id",
                      [message_id]).fetchall()
    assert rows == sorted([(school["petrova"], "email", "queued"), (school["other"], "email", "queued")])
    made = tokens(db)
    assert set(made) == {school["petrova"], school["other"]}
    for gid in made:
        body = compose.preview(db, message_id, gid)["text"]
        assert LINK.findall(body) == [made[gid]]

    report = send_message(db, message_id)
    assert report.sent == 2
    by_address = {rcpts[0]: mail.get_body(("plain",)).get_content()
                  for (_, rcpts), mail in zip(smtp.envelopes, smtp.messages, strict=True)}
    assert LINK.findall(by_address["petrova@example.ru"]) == [made[school["petrova"]]]
    assert LINK.findall(by_address["belova@example.ru"]) == [made[school["other"]]]
    assert "Dear Ms Петрова" in by_address["petrova@example.ru"]

    with TelegramApi(TOKEN) as api:
        monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_TELEGRAM_API", api.url)
        api.message(424242, f"/start {LINK.findall(by_address['belova@example.ru'])[0]}")
        assert cli.json("channels", "link-updates") == {"linked": [school["other"]], "unknown": 0, "answers": 0}
    assert reach_one(db, school["other"]).channels[0] == "telegram"

    # the post version of the same text has no personal token, only the bot's public link
    _, public = compose.render_for(db, compose.get_message(db, message_id), None)
    assert f"https://t.me/{BOT}\n" in public and "start=" not in public


def test_invite_in_russian_and_when_nobody_is_left(cli, db: sqlite_utils.Database, school: dict[str, int]) -> None:
    result = cli("--lang", "ru", "channels", "link-invite", "--group", "10А")
    assert result.exit_code == 0, result.stderr
    message_id = int(re.findall(r"сообщения (\d+)", result.stdout)[0])
    message = compose.get_message(db, message_id)
    assert message.lang == "ru" and message.title == "Сообщения класса в Telegram"
    text = compose.preview(db, message_id, school["petrova"])["text"]
    assert "Уважаемая Анна Викторовна!" in text and LINK.findall(text) == [tokens(db)[school["petrova"]]]
    set_preferences(db, school["petrova"], addresses={"telegram": "777000999"})
    result = cli("channels", "link-invite", "--group", "10А")
    assert result.exit_code == 1 and "e-mail" in result.stderr


@pytest.mark.parametrize("body", ["{{ telegram_link._make.args[0] }}", "{{ telegram_link.__dict__ }}",
                                  "{{ telegram_link._url }}"])
def test_a_template_cannot_reach_through_the_link_placeholder(db: sqlite_utils.Database, school: dict[str, int],
                                                              body: str) -> None:
    template = templates.find("en/telegram-invite")
    with pytest.raises(OutreachError, match="unsafe|not allowed|undefined"):
        compose.create_message(db, template, audience=[f"guardian:{school['petrova']}"], body=body)
    assert db.execute("SELECT count(*) FROM messages").fetchone() == (0,)


def test_the_sheet_and_delivery_read_the_telegram_address_alike(db: sqlite_utils.Database,
                                                                 school: dict[str, int]) -> None:
    """One rule (`reachability`): a channel setting wins over the roster's Telegram, for the
    sheet, for delivery and for telling whose chat a button press came from."""
    set_preferences(db, school["sidorov"], addresses={"telegram": "777000222"})  # roster: @oleg_s
    set_preferences(db, school["linked"], addresses={"telegram": "@irina_k"})  # roster: a chat id
    unlinked = {pair.guardian_id for pair in telegram_sheet.unlinked(db, "10А")}
    assert unlinked == {school["petrova"], school["linked"]}
    for gid in (school["sidorov"], school["linked"]):
        assert (gid in unlinked) == ("telegram" not in reach_one(db, gid).channels)
    assert chat_guardians(db, "777000222") == [school["sidorov"]]
    assert chat_guardians(db, "555000111") == []  # the roster's chat id is overridden


async def test_the_app_drafts_the_invitation_from_channels_and_opens_it_in_messages(
        db: sqlite_utils.Database, db_path: Path, school: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Channels' «i»: `channels link-invite` for the class in the filter; the draft opens in
    Messages (its log, where ctrl+g sends it); with nobody left, the reason and no draft."""
    from outreach_screens.app import make_app
    from outreach_screens.channels.screen import ChannelsScreen
    from outreach_screens.messages.screen import MessagesScreen
    from tests.tui_support import open_section, recorded_notifications, until

    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = recorded_notifications(app, monkeypatch)
        await open_section(pilot, "2", ChannelsScreen)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, MessagesScreen) and app.screen.views.current == "log")
        message_id = db.execute("SELECT max(id) FROM messages").fetchone()[0]
        assert app.screen.log_view.message_id == message_id
        assert any(f"Draft {message_id} with each parent's own Telegram link" in note and "parents: 2" in note
                   for note in notes)
        assert set(tokens(db)) == {school["petrova"], school["other"]}
        assert db.execute("SELECT count(*) FROM deliveries WHERE message_id = ?", [message_id]).fetchone()[0] == 2

        for gid in (school["petrova"], school["other"]):
            set_preferences(db, gid, addresses={"telegram": f"77700{gid}"})
        await open_section(pilot, "2", ChannelsScreen)
        await pilot.press("i")
        await until(pilot, lambda: any("can be reached by e-mail" in note for note in notes))
        assert db.execute("SELECT max(id) FROM messages").fetchone()[0] == message_id  # no second draft


async def test_in_the_app_a_missing_bot_name_says_where_to_give_it(
        db: sqlite_utils.Database, db_path: Path, school: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """The reason names Settings (key 0) before the command line: a teacher in the app has no
    shell open."""
    from outreach_screens.app import make_app
    from outreach_screens.channels.screen import ChannelsScreen
    from tests.tui_support import open_section, recorded_notifications, until

    set_setting(db, "telegram.bot", "")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = recorded_notifications(app, monkeypatch)
        await open_section(pilot, "2", ChannelsScreen)
        await pilot.press("i")
        await until(pilot, lambda: any("username is not set" in note for note in notes))
        assert any("give it in Settings (key 0)" in note for note in notes)
        assert isinstance(app.screen, ChannelsScreen)
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
