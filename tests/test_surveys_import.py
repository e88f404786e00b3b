"""Importing Google Forms / Yandex Forms exports: matching, encodings, inference, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach import surveys
from outreach.common.errors import NotFound, OutreachError
from outreach.common.i18n import set_language
from outreach.erasure.forget import forget_family

DATA = Path(__file__).parent / "data" / "surveys"


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _snapshot(db) -> tuple[int, ...]:
    return tuple(_count(db, t) for t in ("surveys", "survey_questions", "survey_options",
                                          "survey_responses", "survey_answers"))


def _guardian_by_email(db, email: str) -> int:
    return db.execute("SELECT id FROM guardians WHERE email = ?", [email]).fetchone()[0]


@pytest.fixture
def ru_survey(demo_db) -> int:
    return surveys.new_from_template(demo_db, "channels", lang="ru", title="Каналы связи 2026")


@pytest.fixture
def en_survey(demo_db) -> int:
    return surveys.new_from_template(demo_db, "channels", lang="en")


def _question(db, survey_id: int, start: str):
    return next(q for q in surveys.get_survey(db, survey_id).questions if q.text.startswith(start))


def test_google_ru_export_matches_columns_and_respondents(demo_db, ru_survey):
    report = surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey, match="email")
    assert report["survey"] == ru_survey
    assert (report["imported"], report["duplicates"], report["matched"]) == (5, 0, 4)
    assert (report["unmatched_columns"], report["class_column"]) == ([], "Ваш класс")  # kept with each response
    assert report["warnings"] == [{"row": 4, "column": "Какой мессенджер вам удобнее всего для связи со школой?",
                                   "value": "Сферум"}]
    answered = surveys.answered_guardian_ids(demo_db, ru_survey)
    assert _guardian_by_email(demo_db, "andrey.volkov@list.ru") in answered  # e-mail case folded
    assert len(answered) == 4
    doc = surveys.results(demo_db, ru_survey)
    by_text = {q["text"]: q for q in doc["questions"]}
    ways = by_text["Какие ещё способы связи вам подходят?"]
    # An option that itself contains a comma survives inside a ", "-joined checkbox cell.
    assert ways["answers"]["Записка в дневнике, через ребёнка"] == 1
    assert ways["answers"]["Электронная почта"] == 2
    assert ways["other"] == {}
    time_ = by_text["В какое время суток вам удобнее получать сообщения?"]
    assert time_["answers"]["Вечером, с 17:00 до 21:00"] == 2
    messenger = by_text["Какой мессенджер вам удобнее всего для связи со школой?"]
    assert messenger["other"] == {"Сферум": 1}  # kept, never dropped
    assert sum(messenger["answers"].values()) + 1 == 5
    wishes = by_text["Ваши пожелания по общению со школой"]
    assert "Удобнее всего в мессенджере" in wishes["text_answers"]


def test_reimporting_the_same_file_adds_nothing(demo_db, ru_survey):
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey, match="email")
    before = _snapshot(demo_db)
    again = surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey, match="email")
    assert (again["imported"], again["duplicates"]) == (0, 5)
    assert _snapshot(demo_db) == before


def test_yandex_cp1251_semicolons_and_phone_matching(demo_db, ru_survey):
    report = surveys.import_responses(demo_db, DATA / "yandex_ru_cp1251.csv", survey_id=ru_survey, match="phone")
    assert report["encoding"] == "cp1251" and report["delimiter"] == ";"
    assert (report["imported"], report["matched"]) == (3, 2)
    assert report["unmatched_columns"] == []
    ids = surveys.answered_guardian_ids(demo_db, ru_survey)
    phones = {p for (p,) in demo_db.execute(
        "SELECT phone FROM guardians WHERE id IN (SELECT value FROM json_each(?))", [str(sorted(ids))])}
    assert phones == {"+79682993658", "+79623682533"}
    ways = {q["text"]: q for q in surveys.results(demo_db, ru_survey)["questions"]}[
        "Какие ещё способы связи вам подходят?"]
    assert ways["answers"]["SMS"] == 1
    assert ways["answers"]["Записка в дневнике, через ребёнка"] == 1


def test_google_english_with_bom(demo_db, en_survey):
    report = surveys.import_responses(demo_db, DATA / "google_en_bom.csv", survey_id=en_survey, match="email")
    assert report["encoding"] == "utf-8-sig"
    assert (report["imported"], report["matched"], report["unmatched_columns"]) == (3, 2, [])
    ways = {q["text"]: q for q in surveys.results(demo_db, en_survey)["questions"]}[
        "Which other ways of contact suit you?"]
    assert ways["answers"]["A note in the diary, via the child"] == 1
    assert ways["answers"]["E-mail"] == 1


def test_yandex_xlsx_export(demo_db, en_survey):
    report = surveys.import_responses(demo_db, DATA / "yandex_en.xlsx", survey_id=en_survey, match="phone")
    assert (report["imported"], report["matched"]) == (2, 2)
    stamps = [s for (s,) in demo_db.execute(
        "SELECT submitted_at FROM survey_responses WHERE survey_id = ? ORDER BY id", [en_survey])]
    assert stamps == ["2026-09-10T17:05:00", "2026-09-10T18:45:12"]
    networks = surveys.results(demo_db, en_survey)["questions"][0]
    assert networks["answers"]["VK"] == 1 and networks["answers"]["Odnoklassniki"] == 1


@pytest.mark.parametrize("name, fragment", [
    ("roster_not_export.csv", "not a Google Forms, Yandex Forms, Microsoft Forms or LimeSurvey export"),
    ("other_survey.csv", "is not an export of the survey"),
    ("empty.csv", "empty"),
])
def test_files_that_are_not_this_surveys_export_write_nothing(demo_db, ru_survey, name, fragment):
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey)
    before = _snapshot(demo_db)
    with pytest.raises(OutreachError, match=fragment):
        surveys.import_responses(demo_db, DATA / name, survey_id=ru_survey, match="email")
    assert _snapshot(demo_db) == before


def test_wrong_encoding_and_malformed_file_write_nothing(demo_db, ru_survey, tmp_path):
    before = _snapshot(demo_db)
    with pytest.raises(OutreachError, match="cannot be read as utf-8"):
        surveys.import_responses(demo_db, DATA / "yandex_ru_cp1251.csv", survey_id=ru_survey, encoding="utf-8")
    broken = tmp_path / "broken.csv"
    text = (DATA / "google_ru.csv").read_text(encoding="utf-8")
    broken.write_text(text + '07.09.2026 09:00:00,"unterminated\n', encoding="utf-8")
    with pytest.raises(OutreachError, match="row 7"):
        surveys.import_responses(demo_db, broken, survey_id=ru_survey)
    with pytest.raises(OutreachError):
        surveys.import_responses(demo_db, DATA / "roster_not_export.csv", new_title="Не опрос")
    assert _snapshot(demo_db) == before


def test_match_needs_a_contact_column(demo_db, ru_survey):
    with pytest.raises(OutreachError, match="No phone column"):
        surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey, match="phone")
    assert surveys.results(demo_db, ru_survey)["responses"] == 0


def test_new_survey_infers_question_types(db):
    report = surveys.import_responses(db, DATA / "new_ru.csv", new_title="Собрание в сентябре")
    assert report["imported"] == 5
    survey = surveys.get_survey(db, report["survey"])  # type: ignore[arg-type]
    assert survey.title == "Собрание в сентябре"
    kinds = [(q.type, q.labels) for q in survey.questions]
    assert kinds[0] == ("yesno", ["Да", "Нет"])
    assert kinds[1] == ("scale", ["1", "2", "3", "4", "5"])
    assert kinds[2][0] == "multiple"
    assert sorted(kinds[2][1]) == ["Безопасность на дороге", "Питание", "Успеваемость"]
    # A single-choice answer with a comma stays one option.
    assert kinds[3] == ("single", ["В четверг, после 18:00", "В субботу утром"])
    assert kinds[4] == ("text", [])
    doc = surveys.results(db, survey.id)
    assert doc["questions"][0]["answers"] == {"Да": 4, "Нет": 1}
    assert doc["questions"][2]["answers"]["Успеваемость"] == 3
    assert doc["questions"][2]["other"] == {}
    assert len(doc["questions"][4]["text_answers"]) == 4
    again = surveys.import_responses(db, DATA / "new_ru.csv", survey_id=survey.id)
    assert (again["imported"], again["duplicates"]) == (0, 5)


def test_infer_question_directly():
    assert surveys.infer_question("q", ["Yes", "no", "", "YES"]).type == "yesno"
    assert surveys.infer_question("q", ["7", "10", "3"]).labels[-1] == "10"
    free = surveys.infer_question("q", ["Всё хорошо", "Больше собраний", "Нет пожеланий"])
    assert free.type == "text"
    multi = surveys.infer_question("q", ["A; B", "A", "B", "C"])
    assert multi.type == "multiple" and sorted(multi.labels) == ["A", "B", "C"]


def test_correcting_a_question_rereads_its_answers(demo_db, ru_survey):
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey)
    messenger = _question(demo_db, ru_survey, "Какой мессенджер")
    surveys.edit_question(demo_db, messenger.id, add_options=["Сферум"])  # type: ignore[arg-type]
    q = {x["id"]: x for x in surveys.results(demo_db, ru_survey)["questions"]}[messenger.id]
    assert q["answers"]["Сферум"] == 1 and q["other"] == {}
    surveys.edit_question(demo_db, messenger.id, qtype="text")  # type: ignore[arg-type]
    q = {x["id"]: x for x in surveys.results(demo_db, ru_survey)["questions"]}[messenger.id]
    assert q["type"] == "text" and len(q["text_answers"]) == 5
    surveys.edit_question(demo_db, messenger.id, qtype="single",  # type: ignore[arg-type]
                          add_options=["Telegram", "MAX", "WhatsApp", "Viber", "Мессенджер ВКонтакте"])
    q = {x["id"]: x for x in surveys.results(demo_db, ru_survey)["questions"]}[messenger.id]
    assert q["answers"]["Telegram"] == 1 and q["other"] == {"Сферум": 1}


def test_forget_erases_a_matched_respondents_contact_and_answers(demo_db, ru_survey, db_path):
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru_survey, match="email")
    email = "valentina.kuznetsova@list.ru"
    gid = _guardian_by_email(demo_db, email)
    assert demo_db.execute("SELECT count(*) FROM survey_responses WHERE email = ?", [email]).fetchone()[0] == 1
    forget_family(demo_db, guardian_id=gid)
    assert demo_db.execute("SELECT count(*) FROM survey_responses WHERE email = ? OR guardian_id = ?",
                           [email, gid]).fetchone()[0] == 0
    assert gid not in surveys.answered_guardian_ids(demo_db, ru_survey)
    assert surveys.results(demo_db, ru_survey)["responses"] == 4
    # Not even in the file's free pages (secure_delete) or the WAL.
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            assert email.encode() not in path.read_bytes()


def test_answered_guardian_ids_unknown_survey(db):
    with pytest.raises(NotFound):
        surveys.answered_guardian_ids(db, 999)


def test_russian_messages(demo_db, ru_survey):
    set_language("ru")
    try:
        with pytest.raises(OutreachError, match="не выгрузка"):
            surveys.import_responses(demo_db, DATA / "roster_not_export.csv", survey_id=ru_survey)
    finally:
        set_language("en")



@pytest.mark.parametrize("raw, iso", [
    ("05.09.2026 19:42:11", "2026-09-05T19:42:11"),
    ("2026/09/05 7:42:11 PM GMT+3", "2026-09-05T19:42:11"),
    ("2026/09/06 12:15:02 AM GMT+3", "2026-09-06T00:15:02"),
    ("2026-09-08 18:12:40", "2026-09-08T18:12:40"),
    ("9/5/2026 9:05:00", "2026-09-05T09:05:00"),
    ("13/09/2026 19:42:11", "2026-09-13T19:42:11"),  # Google's in English (UK): the day first
    ("31/02/2026 10:00:00", "31/02/2026 10:00:00"),  # no such day either way: kept as written
    ("вчера вечером", "вчера вечером"),
])
def test_timestamps_become_iso(raw, iso):
    from outreach.common.formats import normalize_stamp

    assert normalize_stamp(raw) == iso


def test_a_uk_english_forms_export_reads_every_slashed_day_day_first(demo_db, en_survey, tmp_path):
    """Google Forms in English (UK): «05/09/2026» alone could be 9 May; «13/09/2026» further
    down says the file puts the day first, so every row of it is read so."""
    lines = (DATA / "google_en_us.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("9/5/2026 7:42:11 PM", "05/09/2026 19:42:11")
    lines[2] = lines[2].replace("9/6/2026 8:03:54 AM", "13/09/2026 08:03:54")
    path = tmp_path / "Channels (Responses) - Form responses 1.csv"
    path.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    report = surveys.import_responses(demo_db, path, survey_id=en_survey, match="email")
    assert report["imported"] == 2
    stamps = [s for (s,) in demo_db.execute(
        "SELECT submitted_at FROM survey_responses WHERE survey_id = ? ORDER BY id", [en_survey])]
    assert stamps == ["2026-09-05T19:42:11", "2026-09-13T08:03:54"]
