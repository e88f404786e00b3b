"""The fixture corpus of real-shaped survey exports: the counts a teacher reads after importing each."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from outreach import surveys
from outreach.common.errors import OutreachError

DATA = Path(__file__).parent / "data" / "surveys"


@pytest.fixture
def ru(demo_db) -> int:
    demo_db.execute("DELETE FROM surveys")
    return surveys.new_from_template(demo_db, "channels", lang="ru")


@pytest.fixture
def en(demo_db) -> int:
    demo_db.execute("DELETE FROM surveys")
    return surveys.new_from_template(demo_db, "channels", lang="en")


def by_text(db, survey_id: int) -> dict[str, dict]:
    return {q["text"]: q for q in surveys.results(db, survey_id)["questions"]}


def test_corpus_has_every_kind_of_export():
    names = {p.name for p in DATA.iterdir() if p.suffix in (".csv", ".xlsx")}
    corpus = {"google_ru.csv", "google_en_bom.csv", "google_en_us.csv", "google_ru.xlsx", "yandex_ru_cp1251.csv",
              "yandex_ru.xlsx", "yandex_en.xlsx", "limesurvey_codes.csv", "limesurvey_full.csv",
              "combinations_ru.csv", "empty_columns_ru.csv", "repeat_ru.csv", "new_ru.csv",
              "msforms_ru.xlsx", "google_quiz_ru_bom.csv"}
    assert corpus <= names and len(corpus) >= 9


def test_combined_answers_count_for_each_option(db):
    report = surveys.import_responses(db, DATA / "combinations_ru.csv", new_title="Консультации")
    assert (report["imported"], report["format"]) == (9, "google")
    doc = surveys.results(db, report["survey"])  # type: ignore[arg-type]
    messengers, times, wishes, klass = doc["questions"]
    assert messengers["type"] == "multiple"
    # «Telegram, ВКонтакте» is two answers, and Viber counts though nobody chose it alone.
    assert messengers["answers"] == {"Telegram": 6, "ВКонтакте": 4, "WhatsApp": 3, "Viber": 2}
    assert messengers["other"] == {"Сферум": 1}  # «Другое: Сферум» kept as written, not an option
    assert messengers["answered"] == 9
    # Options that themselves hold ", " stay whole.
    assert times["type"] == "multiple"
    assert times["answers"] == {"Вторник, 18:00": 4, "Суббота, утро": 4, "Четверг, 18:00": 3}
    # Two different sentences are free text, not a chart of two options.
    assert wishes["type"] == "text"
    assert wishes["text_answers"] == ["Пишите, пожалуйста, не позже 21:00.", "Спасибо за конкурс!"]
    # Nobody answered the last question: a question with no answers, not an error.
    assert (klass["type"], klass["answered"], klass["text_answers"]) == ("text", 0, [])


def test_empty_trailing_column_never_crashes(db):
    report = surveys.import_responses(db, DATA / "empty_columns_ru.csv", new_title="Собрание")
    survey = surveys.get_survey(db, report["survey"])  # type: ignore[arg-type]
    assert [(q.text, q.type) for q in survey.questions] == [
        ("Вы придёте на собрание?", "yesno"), ("Что обсудить дополнительно?", "text")]
    assert surveys.results(db, survey.id)["questions"][0]["answers"] == {"Да": 2, "Нет": 1}


def test_repeat_submission_counts_once_latest_wins(demo_db, ru):
    report = surveys.import_responses(demo_db, DATA / "repeat_ru.csv", survey_id=ru, match="email")
    assert (report["imported"], report["matched"], report["superseded"]) == (4, 3, 1)
    doc = surveys.results(demo_db, ru)
    assert (doc["responses"], doc["superseded"], doc["matched"]) == (3, 1, 2)
    messenger = by_text(demo_db, ru)["Какой мессенджер вам удобнее всего для связи со школой?"]
    # Valentina's later answer (VK) counts; her first (Telegram) is kept but superseded.
    assert messenger["answers"]["Мессенджер ВКонтакте"] == 1 and messenger["answers"]["Telegram"] == 0
    assert demo_db.execute("SELECT count(*) FROM survey_responses WHERE survey_id = ?", [ru]).fetchone()[0] == 4
    # A paper questionnaire entered later for the same guardian supersedes the import.
    valentina = demo_db.execute("SELECT id FROM guardians WHERE email = 'valentina.kuznetsova@list.ru'").fetchone()[0]
    survey = surveys.get_survey(demo_db, ru)
    surveys.add_response(demo_db, ru, {survey.questions[1].id: "MAX"}, guardian_id=valentina,  # type: ignore[dict-item]
                         submitted_at="2026-09-07T10:00:00")
    doc = surveys.results(demo_db, ru)
    assert (doc["responses"], doc["superseded"]) == (3, 2)


def test_dry_run_reports_superseded_and_writes_nothing(demo_db, ru):
    dry = surveys.import_responses(demo_db, DATA / "repeat_ru.csv", survey_id=ru, match="email", dry_run=True)
    assert (dry["imported"], dry["superseded"], dry["dry_run"]) == (4, 1, True)
    assert demo_db.execute("SELECT count(*) FROM survey_responses").fetchone()[0] == 0


def test_google_english_us_locale(demo_db, en):
    report = surveys.import_responses(demo_db, DATA / "google_en_us.csv", survey_id=en, match="email")
    assert (report["imported"], report["matched"]) == (2, 2)
    stamps = [s for (s,) in demo_db.execute("SELECT submitted_at FROM survey_responses ORDER BY id")]
    assert stamps == ["2026-09-05T19:42:11", "2026-09-06T08:03:54"]
    ways = by_text(demo_db, en)["Which other ways of contact suit you?"]
    assert ways["answers"]["A note in the diary, via the child"] == 1
    assert (ways["answers"]["E-mail"], ways["answers"]["SMS"], ways["answers"]["Telegram"]) == (1, 1, 1)
    assert ways["other"] == {}


def test_google_sheets_xlsx(demo_db, ru):
    report = surveys.import_responses(demo_db, DATA / "google_ru.xlsx", survey_id=ru, match="email")
    assert (report["imported"], report["matched"], report["format"]) == (3, 3, "google")
    questions = by_text(demo_db, ru)
    networks = questions["Какими социальными сетями вы пользуетесь?"]
    assert (networks["answers"]["Telegram"], networks["answers"]["ВКонтакте"]) == (2, 2)
    ways = questions["Какие ещё способы связи вам подходят?"]
    assert ways["answers"]["Записка в дневнике, через ребёнка"] == 2
    assert ways["answers"]["SMS"] == 1 and ways["other"] == {}


def test_yandex_xlsx_russian(demo_db, ru):
    report = surveys.import_responses(demo_db, DATA / "yandex_ru.xlsx", survey_id=ru, match="phone")
    assert (report["imported"], report["matched"], report["format"]) == (2, 2, "yandex")
    ways = by_text(demo_db, ru)["Какие ещё способы связи вам подходят?"]
    assert {k: v for k, v in ways["answers"].items() if v} == {
        "SMS": 1, "Записка в дневнике, через ребёнка": 1, "Электронная почта": 1, "Телефонный звонок": 1}


def test_microsoft_forms_xlsx(demo_db, ru):
    """Microsoft Forms was refused («its first column is 'ИД'»); its session columns are not
    questions, and the «;» it ends every choice with is no part of an option."""
    report = surveys.import_responses(demo_db, DATA / "msforms_ru.xlsx", survey_id=ru)
    assert (report["format"], report["imported"], report["unmatched_columns"]) == ("msforms", 3, [])
    stamps = [s for (s,) in demo_db.execute("SELECT submitted_at FROM survey_responses ORDER BY id")]
    assert stamps == ["2026-09-15T19:31:08", "2026-09-15T20:03:40", "2026-09-16T07:12:05"]  # completion times
    questions = by_text(demo_db, ru)
    networks = questions["Какими социальными сетями вы пользуетесь?"]
    assert {k: v for k, v in networks["answers"].items() if v} == {"ВКонтакте": 1, "Telegram": 2, "Одноклассники": 1}
    assert questions["Какой мессенджер вам удобнее всего для связи со школой?"]["other"] == {"Сферум": 1}
    ways = questions["Какие ещё способы связи вам подходят?"]
    assert {k: v for k, v in ways["answers"].items() if v} == {
        "Электронная почта": 1, "Записка в дневнике, через ребёнка": 1, "SMS": 2, "Телефонный звонок": 1}


def test_microsoft_forms_new_survey_reads_options_without_the_semicolon(db):
    report = surveys.import_responses(db, DATA / "msforms_ru.xlsx", new_title="MS")
    survey = surveys.get_survey(db, report["survey"])  # type: ignore[arg-type]
    assert [q.text for q in survey.questions] == [
        "Какими социальными сетями вы пользуетесь?", "Какой мессенджер вам удобнее всего для связи со школой?",
        "Какие ещё способы связи вам подходят?"]
    networks, _, ways = survey.questions
    assert networks.type == "multiple" and sorted(networks.labels) == ["Telegram", "ВКонтакте", "Одноклассники"]
    assert ways.type == "multiple" and "SMS" in ways.labels and not any(";" in label for label in ways.labels)


def test_google_quiz_download_with_its_score_column(demo_db, ru):
    """«Баллы», which a quiz adds beside the e-mail, was a question of the survey to be."""
    report = surveys.import_responses(demo_db, DATA / "google_quiz_ru_bom.csv", survey_id=ru, match="email")
    assert (report["imported"], report["matched"], report["unmatched_columns"]) == (3, 3, [])
    stamps = [s for (s,) in demo_db.execute("SELECT submitted_at FROM survey_responses ORDER BY id")]
    assert stamps == ["2026-09-15T19:31:08", "2026-09-15T20:02:11", "2026-09-16T07:15:40"]
    questions = by_text(demo_db, ru)
    assert questions["Ваши пожелания по общению со школой"]["text_answers"] == ["Пишите до 21:00.\nСпасибо!", "Всё хорошо."]
    new = surveys.import_responses(demo_db, DATA / "google_quiz_ru_bom.csv", new_title="Quiz")
    assert "Баллы" not in [q.text for q in surveys.get_survey(demo_db, new["survey"]).questions]  # type: ignore[arg-type]


def test_limesurvey_code_headers_map_by_position(demo_db, ru):
    report = surveys.import_responses(demo_db, DATA / "limesurvey_codes.csv", survey_id=ru)
    assert (report["format"], report["imported"], report["blank"]) == ("limesurvey", 2, 1)
    assert report["unmatched_columns"] == []
    questions = by_text(demo_db, ru)
    networks = questions["Какими социальными сетями вы пользуетесь?"]
    assert {k: v for k, v in networks["answers"].items() if v} == {"ВКонтакте": 1, "Telegram": 2}
    messenger = questions["Какой мессенджер вам удобнее всего для связи со школой?"]
    assert messenger["answers"]["Telegram"] == 1 and messenger["other"] == {"Сферум": 1}
    ways = questions["Какие ещё способы связи вам подходят?"]
    assert {k: v for k, v in ways["answers"].items() if v} == {
        "Электронная почта": 1, "SMS": 1, "Телефонный звонок": 1, "Telegram": 1, "Записка в дневнике, через ребёнка": 1}
    assert ways["other"] == {"Голубиная почта": 1}
    assert questions["Ваши пожелания по общению со школой"]["text_answers"] == ["Всё хорошо."]


def test_limesurvey_full_text_headers(demo_db, ru):
    report = surveys.import_responses(demo_db, DATA / "limesurvey_full.csv", survey_id=ru)
    assert (report["format"], report["imported"], report["unmatched_columns"]) == ("limesurvey", 2, [])
    questions = by_text(demo_db, ru)
    networks = questions["Какими социальными сетями вы пользуетесь?"]
    assert (networks["answers"]["Telegram"], networks["answers"]["ВКонтакте"]) == (2, 1)
    assert networks["other"] == {"Макс": 1}
    ways = questions["Какие ещё способы связи вам подходят?"]
    assert ways["answers"]["Записка в дневнике, через ребёнка"] == 2


def test_limesurvey_new_survey_takes_options_from_sub_questions(db):
    report = surveys.import_responses(db, DATA / "limesurvey_full.csv", new_title="Lime")
    survey = surveys.get_survey(db, report["survey"])  # type: ignore[arg-type]
    networks = survey.questions[0]
    assert networks.type == "multiple"
    assert networks.labels == ["ВКонтакте", "Одноклассники", "Telegram", "Не пользуюсь социальными сетями"]


def test_refusal_names_the_formats(db, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("Имя,Ответ\nАнна,Да\n", encoding="utf-8")
    with pytest.raises(OutreachError, match="Google Forms, Yandex Forms, Microsoft Forms or LimeSurvey"):
        surveys.import_responses(db, odd, new_title="x")
    assert db.execute("SELECT count(*) FROM surveys").fetchone()[0] == 0


def test_free_text_answers_say_who_wrote_them(demo_db, ru, tmp_path):
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=ru, match="email")
    wishes = by_text(demo_db, ru)["Ваши пожелания по общению со школой"]
    first = wishes["text_authors"][0]
    assert first["text"] == "Пишите, пожалуйста, не позже 21:00"
    assert first["name"].startswith("Кузнецова Валентина") and first["group"] == "10А"
    summary = tmp_path / "summary.csv"
    surveys.export_results(demo_db, ru, summary, summary=True)
    with summary.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] == "text"]
    assert (rows[0]["answer"], rows[0]["group"]) == ("Пишите, пожалуйста, не позже 21:00", "10А")
    assert rows[0]["guardian"].startswith("Кузнецова Валентина")


def test_upgrading_marks_earlier_submissions_superseded(demo_db):
    from outreach.store import schema

    sid = int(surveys.list_surveys(demo_db)[0]["id"])  # type: ignore[call-overload]
    gid = demo_db.execute("SELECT guardian_id FROM survey_responses WHERE guardian_id IS NOT NULL"
                          " ORDER BY id LIMIT 1").fetchone()[0]
    messenger = surveys.get_survey(demo_db, sid).questions[1]
    surveys.add_response(demo_db, sid, {messenger.id: "Viber"}, guardian_id=gid,  # type: ignore[dict-item]
                         submitted_at="2026-12-01T10:00:00")
    before = surveys.results(demo_db, sid)
    assert before["superseded"] == 1
    # The database as it was before the column existed, then the migration itself.
    demo_db.conn.executescript("ALTER TABLE survey_responses DROP COLUMN superseded;" + schema.V10)
    after = surveys.results(demo_db, sid)
    assert (after["responses"], after["superseded"]) == (before["responses"], 1)


def test_the_import_dialog_names_every_export_kind(db):
    """The dialog's preview looks the format's name up: a Microsoft Forms file would have been
    a KeyError there."""
    from screens.surveys.import_dialog import _SURVEYS_FORMAT

    kinds = {surveys.import_responses(db, DATA / name, new_title=name, dry_run=True)["format"]
             for name in ("google_ru.csv", "yandex_ru.xlsx", "msforms_ru.xlsx", "limesurvey_full.csv")}
    assert kinds == {"google", "yandex", "msforms", "limesurvey"} and kinds <= set(_SURVEYS_FORMAT)
