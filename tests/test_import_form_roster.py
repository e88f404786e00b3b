"""A roster collected by a form: the teacher asked the parents to fill in a Google or Yandex
form («ФИО ребёнка», «Ваше ФИО», «Номер телефона», «Даю согласие…») and imports its answers.
A «Да» to consent was given when the parent sent the form, not on the day of the import."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.roster import guardians as roster
from outreach.roster.consent import change_consent
from outreach.roster.importing.importer import import_roster

GOOGLE = ('"Отметка времени","Адрес электронной почты","ФИО ребёнка","Класс","Ваше ФИО",'
          '"Кем вы приходитесь ребёнку?","Номер телефона","Даю согласие на обработку персональных данных"\n'
          '"01.09.2026 19:02:11","anna@mail.ru","Петров Пётр","7А","Петрова Анна Сергеевна","Мама","89031112233","Да"\n'
          '"02.09.2026 08:01:02","ira@gmail.com","Васильев Василий","7а","Васильева Ирина","мать","8(903)1112255","Да"\n'
          '"03.09.2026 21:40:00","oleg@yandex.ru","Петров Пётр","7 А","Петров Олег","Папа","+7 903 111-22-44","Нет"\n')
YANDEX = ("ID;Время создания;ФИО ребёнка;Класс;ФИО родителя;Телефон;Согласие на обработку персональных данных\n"
          "1234501;2026-09-05 10:15:00;Петров Пётр;7А;Петрова Анна Сергеевна;89031112233;да\n")


def consents(db) -> dict[str, str | None]:
    return {g.full_name: g.consent_date for g in roster.list_guardians(db)}


@pytest.fixture(autouse=True)
def november(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-20T12:00:00+03:00")


def test_a_google_forms_yes_is_consent_given_on_the_day_the_form_was_sent(db, tmp_path: Path) -> None:
    path = tmp_path / "Анкета родителей 7А (Ответы).csv"
    path.write_text(GOOGLE, encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == [] and report.guardians.created == 3
    assert consents(db) == {"Петрова Анна Сергеевна": "2026-09-01", "Васильева Ирина": "2026-09-02", "Петров Олег": None}


def test_a_yandex_forms_stamp_gives_the_day_and_a_later_withdrawal_stands(db, tmp_path: Path) -> None:
    google = tmp_path / "google.csv"
    google.write_text(GOOGLE, encoding="utf-8")
    import_roster(db, google)
    anna = next(g for g in roster.list_guardians(db) if g.full_name == "Петрова Анна Сергеевна")
    change_consent(db, [anna.id], given=False)  # on 20.11, after both forms
    yandex = tmp_path / "yandex.csv"
    yandex.write_text(YANDEX, encoding="utf-8")
    report = import_roster(db, yandex)
    assert report.rejected == [] and report.updates == []  # the September form does not undo it
    assert roster.get_guardian(db, anna.id).consent_withdrawn_at is not None


def test_without_a_form_stamp_a_yes_is_dated_the_import_day(db, tmp_path: Path) -> None:
    path = tmp_path / "7А.csv"
    path.write_text("ФИО ребёнка;Класс;ФИО родителя;Согласие\nПетров Пётр;7А;Петрова Анна;да\n", encoding="utf-8")
    import_roster(db, path)
    assert consents(db) == {"Петрова Анна": "2026-11-20"}


def test_a_slashed_stamp_dates_consent_only_when_its_day_is_certain(db, tmp_path: Path) -> None:
    """«13/09/2026» can only be 13 September; «05/09/2026» may be 5 September or 9 May: the
    consent is then dated the import day, as a list without stamps is."""
    path = tmp_path / "form.csv"
    path.write_text("Timestamp,Child's name,Class,Your name,Consent to personal data processing\n"
                    "13/09/2026 19:02:11,Petrov Petr,7A,Anna Petrova,Yes\n"
                    "05/09/2026 08:01:02,Vasiliev Vasily,7A,Irina Vasilieva,Yes\n", encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == []
    assert consents(db) == {"Petrova Anna": "2026-09-13", "Vasilieva Irina": "2026-11-20"}


def test_a_row_that_stops_before_the_stamp_column_is_read_without_it(db, tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text("ФИО ребёнка,Класс,Ваше ФИО,Согласие,Отметка времени\nПетров Пётр,7А,Петрова Анна,да\n"
                    "Лосев Лев,7А,Лосева Лидия,да,01.09.2026 19:02:11\n", encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == []
    assert consents(db) == {"Петрова Анна": "2026-11-20", "Лосева Лидия": "2026-09-01"}


def test_the_forms_time_is_said_to_date_consent_not_listed_as_left_out(cli, tmp_path: Path) -> None:
    """«Отметка времени» was listed among the columns not imported on purpose, though it
    dates each «Да». Without a consent column it is left out, as before."""
    path = tmp_path / "google.csv"
    path.write_text(GOOGLE, encoding="utf-8")
    report = cli.json("roster", "import", str(path), "--dry-run")
    assert report["consent_dated_by"] == "Отметка времени"
    assert "Отметка времени" not in report["ignored_columns"] + report["unknown_columns"]
    said = cli("--lang", "ru", "roster", "import", str(path), "--dry-run")
    assert "Дата согласия — из столбца «Отметка времени»" in " ".join(said.stderr.split())
    without = tmp_path / "без согласия.csv"
    without.write_text("\n".join(line.rpartition(",")[0] for line in GOOGLE.splitlines()) + "\n", encoding="utf-8")
    report = cli.json("roster", "import", str(without), "--dry-run")
    assert report["consent_dated_by"] == "" and "Отметка времени" in report["ignored_columns"]
