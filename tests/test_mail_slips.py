"""E-mail addresses at a slip of a common provider's domain: questioned where typed (the CLI,
the form: saved as typed only when confirmed), warned about where imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from outreach.channels.preferences import SuspiciousAddress, set_preferences
from outreach.common.contacts import COMMON_PROVIDERS, suspicious_domain
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster

CORPUS = Path(__file__).parent / "data" / "rosters"
_KNOWN = {*COMMON_PROVIDERS, "googlemail.com", "ymail.com", "rocketmail.com", "mail.com", "email.com",
          "yandex.by", "yandex.kz", "yandex.ua", "ya.ua", "mac.com", "msn.com", "live.ru", "inbox.lv",
          "inbox.lt", "inbox.eu", "mail.ua", "mail.kz", "vk.com", "ro.ru", "pm.me", "protonmail.ch"}


@pytest.mark.parametrize(("address", "meant"), [
    ("olga@gmail.con", "olga@gmail.com"),
    ("olga@mail.ri", "olga@mail.ru"),
    ("petrov@yandex.ry", "petrov@yandex.ru"),
    ("anna@gmial.com", "anna@gmail.com"),  # two letters swapped
    ("ivan@gmail.ru", "ivan@gmail.com"),  # the Russian ending put after gmail
    ("x@mail.rub", "x@mail.ru"),
    ("x@yandex.ru.", "x@yandex.ru"),
    ("x@yandex.rj", "x@yandex.ru"),
    ("x@bk.rus", "x@bk.ru"),
    ("x@gmail.cm", "x@gmail.com"),
    ("x@gmail.om", "x@gmail.com"),
    ("x@school5.ry", "x@school5.ru"),  # an ending that is no domain, whatever the name
    ("x@firma.con", "x@firma.com"),
    ("Olga.P@Gmail.Con", "olga.p@gmail.com"),
])
def test_a_slip_of_a_common_domain_is_caught_with_the_address_meant(address: str, meant: str) -> None:
    assert suspicious_domain(address) == meant


@pytest.mark.parametrize("domain", [
    "school123.ru", "edu.mos.ru", "sch1.spb.ru", "company.com", "gmx.de", "ukr.net", "tut.by",
    "mail.com", "email.com", "ymail.com", "googlemail.com", "inbox.lv", "yandex.by", "yandex.kz",
    "mail.ua", "protonmail.ch", "gimnazia1.ru", "lyceum.edu.ru", "web.de", "i.ua",
])
def test_real_domains_far_from_the_providers_are_never_questioned(domain: str) -> None:
    assert suspicious_domain(f"parent@{domain}") is None


def test_no_domain_no_question() -> None:
    assert suspicious_domain("no-at-sign") is None
    assert suspicious_domain("x@") is None


LOCAL = st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,20}", fullmatch=True)


@given(st.sampled_from(COMMON_PROVIDERS), LOCAL)
def test_the_common_providers_themselves_are_never_questioned(domain: str, local: str) -> None:
    assert suspicious_domain(f"{local}@{domain}") is None


def _corrupt(domain: str, how: str, at: int, char: str) -> str:
    at = at % (len(domain) + (how == "insert"))
    if how == "delete":
        return domain[:at] + domain[at + 1:]
    if how == "insert":
        return domain[:at] + char + domain[at:]
    if how == "replace":
        return domain[:at] + char + domain[at + 1:]
    at = min(at, len(domain) - 2)  # swap with the next one
    return domain[:at] + domain[at + 1] + domain[at] + domain[at + 2:]


@given(st.sampled_from(COMMON_PROVIDERS), st.sampled_from(["delete", "insert", "replace", "swap"]),
       st.integers(0, 40), st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-."), LOCAL)
def test_one_slip_in_a_provider_is_always_questioned(domain: str, how: str, at: int, char: str,
                                                     local: str) -> None:
    slipped = _corrupt(domain, how, at, char)
    if slipped in _KNOWN:  # the slip made another real provider (gmail.com → mail.com)
        return
    meant = suspicious_domain(f"{local}@{slipped}")
    assert meant is not None
    got_local, _, got_domain = meant.rpartition("@")
    assert got_local == local and got_domain in COMMON_PROVIDERS
    assert OSA.distance(slipped, got_domain) == 1


# -- the CLI -------------------------------------------------------------------------------

def test_add_guardian_refuses_a_slipped_domain_naming_the_field_value_and_suggestion(cli, db_path: Path) -> None:
    result = cli("roster", "add-guardian", "--surname", "Иванова", "--name", "Ольга", "--email", "olga@gmail.con")
    assert result.exit_code == 1
    assert result.stderr.strip() == "--email: «olga@gmail.con» — perhaps «olga@gmail.com»? Correct it or repeat with --yes."
    assert cli.json("roster", "list") == []


def test_add_guardian_refusal_in_russian(cli, russian) -> None:
    result = cli("--lang", "ru", "roster", "add-guardian", "--surname", "Иванова", "--email", "olga@gmail.con")
    assert result.exit_code == 1
    assert result.stderr.strip() == "--email: «olga@gmail.con» — возможно, «olga@gmail.com»? Исправьте или повторите с --yes."


def test_add_guardian_json_refusal_prints_nothing_on_stdout(cli) -> None:
    result = cli("roster", "add-guardian", "--surname", "Иванова", "--email", "x@mail.ri", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "«x@mail.ru»" in result.stderr and "--yes" in result.stderr


def test_yes_stores_the_address_as_typed(cli) -> None:
    added = cli.json("roster", "add-guardian", "--surname", "Иванова", "--name", "Ольга",
                     "--email", "olga@gmail.con", "--yes")
    [guardian] = cli.json("roster", "list")
    assert guardian["id"] == added["id"] and guardian["email"] == "olga@gmail.con"


def test_an_ordinary_address_needs_no_yes(cli) -> None:
    cli.json("roster", "add-guardian", "--surname", "Иванова", "--email", "olga@school123.ru")
    assert cli.json("roster", "list")[0]["email"] == "olga@school123.ru"


def test_edit_refuses_a_new_slipped_address_and_yes_keeps_it(cli) -> None:
    gid = cli.json("roster", "add-guardian", "--surname", "Иванова", "--email", "olga@mail.ru")["id"]
    refused = cli("roster", "edit", "--guardian", str(gid), "--email", "olga@mial.ru", "--phone", "89123456789")
    assert refused.exit_code == 1
    assert "--email: «olga@mial.ru» — perhaps «olga@mail.ru»?" in refused.stderr
    [kept] = cli.json("roster", "list")
    assert (kept["email"], kept["phone"]) == ("olga@mail.ru", None)  # nothing of the edit written
    assert cli("roster", "edit", "--guardian", str(gid), "--email", "olga@mial.ru", "--yes").exit_code == 0
    assert cli.json("roster", "list")[0]["email"] == "olga@mial.ru"


def test_an_address_kept_is_not_questioned_again(cli) -> None:
    """One saved with --yes (or imported with a warning): editing the phone leaves it be."""
    gid = cli.json("roster", "add-guardian", "--surname", "Иванова", "--email", "olga@gmail.con", "--yes")["id"]
    assert cli("roster", "edit", "--guardian", str(gid), "--email", "olga@gmail.con", "--phone", "89123456789").exit_code == 0
    assert cli.json("roster", "list")[0]["phone"] == "+79123456789"


def test_the_domain_refuses_unless_confirmed(db: sqlite_utils.Database) -> None:
    with pytest.raises(roster.SuspiciousEmail) as refused:
        roster.add_guardian(db, {"surname": "Иванова", "email": "anna@gmial.com"})
    assert (refused.value.field, refused.value.suggestion) == ("email", "anna@gmail.com")
    assert refused.value.message == "E-mail: «anna@gmial.com» — perhaps «anna@gmail.com»?"
    gid = roster.add_guardian(db, {"surname": "Иванова", "email": "anna@gmial.com"}, confirmed=True)
    assert roster.get_guardian(db, gid).email == "anna@gmial.com"


# -- the import ----------------------------------------------------------------------------

SLIPS = [(2, "E-mail матери", "olga@mail.ri", "olga@mail.ru"),
         (3, "E-mail отца", "petrov@yandex.ry", "petrov@yandex.ru"),
         (4, "E-mail матери", "anna@gmial.com", "anna@gmail.com"),
         (5, "E-mail отца", "ivan@gmail.ru", "ivan@gmail.com"),
         (6, "E-mail матери", "x@mail.rub", "x@mail.ru")]


def test_import_takes_every_parent_and_warns_at_each_slipped_address(db: sqlite_utils.Database) -> None:
    report = import_roster(db, CORPUS / "mail_slips.csv")
    assert report.written and not report.rejected
    assert report.guardians.created == 12
    assert [(d.row, d.field, d.value, d.suggestion) for d in report.email_doubts] == SLIPS
    assert report.warnings[0] == ("Row 2, E-mail матери: «olga@mail.ri» — perhaps «olga@mail.ru»? "
                                  "Taken as written: check it (Иванова Ольга Сергеевна).")
    assert len(report.warnings) == len(SLIPS)
    stored = {e for (e,) in db.execute("SELECT email FROM guardians WHERE email IS NOT NULL")}
    assert {value for _, _, value, _ in SLIPS} <= stored  # as the file has them
    assert {"olegs@school123.ru", "volkova@edu.mos.ru", "morozov@gmx.de"} <= stored


def test_import_cli_says_the_warnings_and_json_lists_them(cli) -> None:
    result = cli("roster", "import", str(CORPUS / "mail_slips.csv"))
    assert result.exit_code == 0
    assert "Row 4, E-mail матери: «anna@gmial.com» — perhaps «anna@gmail.com»?" in result.stderr
    document = json.loads(cli("roster", "import", str(CORPUS / "mail_slips.csv"), "--dry-run", "--json").stdout)
    assert sum("perhaps" in w for w in document["warnings"]) == len(SLIPS)
    assert [(d["row"], d["field"], d["value"], d["suggestion"]) for d in document["email_doubts"]] == SLIPS


def test_import_warnings_in_russian(cli, russian) -> None:
    result = cli("--lang", "ru", "roster", "import", str(CORPUS / "mail_slips.csv"), "--dry-run")
    assert ("Строка 5, E-mail отца: «ivan@gmail.ru» — возможно, «ivan@gmail.com»? "
            "Взят как есть: проверьте его (Кузнецов Иван Андреевич).") in result.stderr


def test_a_refused_row_has_its_problem_not_a_warning(db: sqlite_utils.Database, tmp_path: Path) -> None:
    """A row that is not taken says why; its e-mail is not «taken as written»."""
    sheet = tmp_path / "class.csv"
    sheet.write_text("ФИО ученика,Класс,ФИО матери,Телефон матери,E-mail матери\n"
                     "Иванов Пётр,5Б,Иванова Ольга,12345,olga@mail.ri\n"
                     "Петров Иван,5Б,Петрова Анна,8 912 301-00-02,anna@gmial.com\n"
                     "Сидоров Лев,5Б,Сидорова Мария,8 912 301-00-03,maria@yandex.ru.\n", encoding="utf-8")
    report = import_roster(db, sheet, skip_invalid=True, rejects=tmp_path / "rejects.csv")
    assert [(p.row, p.field) for p in report.rejected] == [(2, "Телефон матери"), (4, "E-mail матери")]
    assert [(d.row, d.value) for d in report.email_doubts] == [(3, "anna@gmial.com")]


# -- a channel's address, and a channel survey applied --------------------------------------

def test_channels_set_refuses_a_slipped_address_and_yes_keeps_it(cli, db: sqlite_utils.Database) -> None:
    gid = roster.add_guardian(db, {"surname": "Иванова", "name": "Ольга"})
    refused = cli("channels", "set", str(gid), "--address", "email=olga@gmail.con", "--prefer", "email")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.strip() == ("--address email: «olga@gmail.con» — perhaps «olga@gmail.com»? "
                                      "Correct it or repeat with --yes.")
    assert cli.json("channels", "show", str(gid))["addresses"] == {}  # nothing of the change written
    assert cli.json("channels", "show", str(gid))["explicit"] is False
    assert cli("channels", "set", str(gid), "--address", "email=olga@gmail.con", "--yes").exit_code == 0
    assert cli.json("channels", "show", str(gid))["addresses"] == {"email": "olga@gmail.con"}
    # the address kept is not questioned again when something else changes with it
    assert cli("channels", "set", str(gid), "--address", "email=olga@gmail.con", "--prefer", "email").exit_code == 0
    assert cli("channels", "set", str(gid), "--address", "email=olga@school123.ru").exit_code == 0


def test_channels_set_refusal_in_russian(cli, db: sqlite_utils.Database, russian) -> None:
    gid = roster.add_guardian(db, {"surname": "Иванова"})
    refused = cli("--lang", "ru", "channels", "set", str(gid), "--address", "email=x@mail.ri")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "--address email: «x@mail.ri» — возможно, «x@mail.ru»? Исправьте или повторите с --yes."


def test_set_preferences_refuses_unless_confirmed(db: sqlite_utils.Database) -> None:
    gid = roster.add_guardian(db, {"surname": "Иванова"})
    with pytest.raises(SuspiciousAddress) as refused:
        set_preferences(db, gid, addresses={"email": "Anna@Gmial.com"})
    assert (refused.value.value, refused.value.suggestion) == ("anna@gmial.com", "anna@gmail.com")
    assert refused.value.message == "Address for e-mail: «anna@gmial.com» — perhaps «anna@gmail.com»?"
    assert set_preferences(db, gid, addresses={"email": "Anna@Gmial.com"}, confirmed=True).addresses == {
        "email": "anna@gmial.com"}


def a_channel_survey(cli, db: sqlite_utils.Database) -> tuple[int, int]:
    """A channel survey answered by two parents who chose e-mail: one at «olga@gmail.con»
    (kept as typed), one at an ordinary address. Returns the survey and the first parent."""
    olga = roster.add_guardian(db, {"surname": "Иванова", "name": "Ольга", "email": "olga@gmail.con"}, confirmed=True)
    ivan = roster.add_guardian(db, {"surname": "Петров", "name": "Иван", "email": "ivan@mail.ru"})
    sid = cli.json("--lang", "en", "survey", "new", "--template", "channels")["id"]  # its English options
    for gid in (olga, ivan):
        assert cli("roster", "consent", str(gid), "--given").exit_code == 0
        assert cli("survey", "add-response", str(sid), "--guardian", str(gid), "--set", "2=MAX",
                   "--set", "3=E-mail").exit_code == 0
    return sid, olga


def test_apply_channels_warns_at_each_slipped_address_and_applies(cli, db: sqlite_utils.Database) -> None:
    sid, olga = a_channel_survey(cli, db)
    preview = cli("survey", "apply-channels", str(sid), "--dry-run", "--json")
    assert preview.exit_code == 0
    document = json.loads(preview.stdout)
    assert document["email_doubts"] == [{"guardian_id": olga, "address": "olga@gmail.con", "suggestion": "olga@gmail.com"}]
    assert [c["email_doubt"] for c in document["changes"]] == [
        {"address": "olga@gmail.con", "suggestion": "olga@gmail.com"}, None]
    assert preview.stderr.strip() == ("Иванова Ольга chose e-mail: «olga@gmail.con» — perhaps «olga@gmail.com»? "
                                      "Check the address before writing to it.")
    applied = cli("survey", "apply-channels", str(sid), "--yes")  # a warning, not a refusal
    assert applied.exit_code == 0 and "«olga@gmail.con»" in applied.stderr
    assert cli.json("channels", "show", str(olga))["order"][0] == "max"
    assert roster.get_guardian(db, olga).email == "olga@gmail.con"  # applying changes no address


def test_apply_channels_warning_in_russian(cli, db: sqlite_utils.Database, russian) -> None:
    sid, _ = a_channel_survey(cli, db)
    preview = cli("--lang", "ru", "survey", "apply-channels", str(sid), "--dry-run")
    assert ("Иванова Ольга выбирает эл.\u00a0почту: «olga@gmail.con» — возможно, «olga@gmail.com»? "
            "Проверьте адрес, прежде чем писать на него.") in preview.stderr
