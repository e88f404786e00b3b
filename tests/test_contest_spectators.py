"""The contest's spectator memo and invitation from the CLI: the memo's page and QR codes,
the invitation composed through the usual message pipeline."""

from __future__ import annotations

import json

import pytest

from outreach.common.i18n import t
from outreach.contest import store
from outreach.contest.invitation import invitation_values
from outreach.contest.memo import human_date
from outreach.messages import compose
from outreach.roster import guardians as roster

LINKS = {"vk_group": "https://vk.com/school7_parents", "telegram_group": "https://t.me/school7_parents",
         "site": "https://school7.example/parents"}


@pytest.fixture
def contest(cli, db):
    for key, url in LINKS.items():
        assert cli("settings", "set", f"links.{key}", url).exit_code == 0
    guardians = []
    for surname, name in (("Петрова", "Анна"), ("Кузнецова", "Елена")):
        gid = roster.add_guardian(db, {"surname": surname, "name": name, "email": f"{name}@example.org"})
        roster.add_student(db, surname, "Дарья", "", "10А", [(gid, "mother")])
        guardians.append(gid)
    roster.set_consent(db, guardians, True)
    return cli.json("contest", "new", "Моя автомобильная семья 2026", "--date", "2026-05-16",
                    "--place", "Автодром ДОСААФ")["id"]


def test_memo_has_the_contest_the_safety_note_and_every_link_with_a_qr(cli, contest, tmp_path):
    target = tmp_path / "memo.html"
    result = cli("contest", "memo", str(contest), str(target))
    assert result.exit_code == 0, result.stderr
    assert str(target) in result.stdout
    page = target.read_text(encoding="utf-8")
    assert "<h1>Моя автомобильная семья 2026</h1>" in page
    assert "16 May 2026" in page and "Автодром ДОСААФ" in page
    assert t("Watch only from the spectator area behind the fence; never step onto the ground during a run.") in page
    for url in LINKS.values():
        assert url in page
    assert page.count("<svg") == len(LINKS)
    assert "font-size:20pt" in page and "size:A4" in page  # large type, one printed page


def test_memo_into_a_directory_in_russian_and_refused_paths(cli, contest, tmp_path):
    result = cli("--lang", "ru", "contest", "memo", str(contest), str(tmp_path), "--json")
    assert result.exit_code == 0, result.stderr
    path = json.loads(result.stdout)["path"]
    assert path == str(tmp_path / f"contest-{contest}-memo.html")
    page = (tmp_path / f"contest-{contest}-memo.html").read_text(encoding="utf-8")
    assert "16 мая 2026" in page and t("Safety on the training ground", lang="ru") in page
    missing = cli("contest", "memo", str(contest), str(tmp_path / "no" / "such" / "memo.html"))
    assert missing.exit_code == 1 and "no folder" in missing.stderr
    unknown = cli("contest", "memo", "99", str(tmp_path / "x.html"))
    assert unknown.exit_code == 1 and not (tmp_path / "x.html").exists()


def test_invite_creates_a_message_with_the_date_and_place(cli, db, contest):
    before = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    made = cli.json("contest", "invite", str(contest), "--audience", "group:10А")
    message = compose.get_message(db, made["id"])
    assert message.template == "family-contest"
    assert message.variables["date"] == "16 May 2026"
    assert message.variables["place"] == "Автодром ДОСААФ"
    assert message.variables["deadline"] == "9 May 2026"
    assert "Моя автомобильная семья 2026" in message.title
    preview = cli.json("message", "preview", str(made["id"]))
    assert "16 May 2026" in preview["text"] and "Автодром ДОСААФ" in preview["text"]
    plan = cli.json("message", "plan", str(made["id"]))
    assert plan["by_channel"] == {"email": 2}  # the usual plan applies
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == before + 1
    audit = db.execute("SELECT action, entity FROM audit_log WHERE entity = 'message'"
                       " ORDER BY id DESC LIMIT 1").fetchone()
    assert audit == ("create", "message")


def test_invite_overrides_and_a_contest_without_a_place(cli, db, contest):
    made = cli.json("contest", "invite", str(contest), "--set", "deadline=1 May")
    assert compose.get_message(db, made["id"]).variables["deadline"] == "1 May"
    bare = cli.json("contest", "new", "Без места")["id"]
    before = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    refused = cli("contest", "invite", str(bare))
    assert refused.exit_code == 1
    assert "date" in refused.stderr and "place" in refused.stderr and "--set" in refused.stderr
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == before
    assert cli("contest", "invite", "99").exit_code == 1


def test_invitation_values_follow_the_template_language(db, contest):
    found = store.get_contest(db, contest)
    assert invitation_values(found, "ru")["date"] == "16 мая 2026"
    assert human_date(None) == ""
