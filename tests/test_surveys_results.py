"""Results, exports, paper entry, apply-channels, templates and catalogs of the Surveys section."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from outreach import surveys
from outreach.channels.preferences import load_preferences
from outreach.common.errors import OutreachError

DATA = Path(__file__).parent / "data" / "surveys"


@pytest.fixture
def imported(demo_db) -> int:
    demo_db.execute("DELETE FROM surveys")
    sid = surveys.new_from_template(demo_db, "channels", lang="ru")
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=sid, match="email")
    return sid


def _gid(db, email: str) -> int:
    return db.execute("SELECT id FROM guardians WHERE email = ?", [email]).fetchone()[0]


def test_response_rate_overall_and_per_group(demo_db, imported):
    doc = surveys.results(demo_db, imported)
    guardians = demo_db.execute("SELECT count(*) FROM guardians").fetchone()[0]
    assert (doc["responses"], doc["matched"], doc["guardians"]) == (5, 4, guardians)
    assert doc["response_rate"] == round(4 / guardians, 4)
    groups = {g["group"]: g for g in doc["groups"]}
    assert groups["10А"]["answered"] == 3 and groups["10Б"]["answered"] == 1
    assert groups["10А"]["rate"] == round(3 / groups["10А"]["guardians"], 4)
    only = surveys.results(demo_db, imported, group="10Б")
    assert (only["responses"], only["matched"]) == (2, 1)  # the unmatched parent who wrote «10Б» too
    assert only["response_rate"] == round(1 / groups["10Б"]["guardians"], 4)
    messenger = only["questions"][1]
    assert messenger["answers"]["Мессенджер ВКонтакте"] == 1 and messenger["percent"]["Мессенджер ВКонтакте"] == 50.0
    assert messenger["answers"]["WhatsApp"] == 1


def test_percentages_are_of_those_who_answered(demo_db, imported):
    networks = surveys.results(demo_db, imported)["questions"][0]
    assert networks["answered"] == 5
    assert networks["answers"]["ВКонтакте"] == 4
    assert networks["percent"]["ВКонтакте"] == 80.0


def test_raw_and_summary_exports_are_safe_csv(demo_db, imported, tmp_path):
    raw = tmp_path / "raw.csv"
    assert surveys.export_results(demo_db, imported, raw) == 5
    rows = list(csv.reader(raw.open(encoding="utf-8", newline="")))
    assert rows[0][0] == "Timestamp" and rows[0][1] == "Какими социальными сетями вы пользуетесь?"
    wishes = [r[6] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://example.com\")" in wishes  # formula neutralised
    assert any("Записка в дневнике, через ребёнка" in r[3] for r in rows[1:])
    summary = tmp_path / "summary.csv"
    surveys.export_results(demo_db, imported, summary, summary=True)
    srows = list(csv.DictReader(summary.open(encoding="utf-8", newline="")))
    other = [r for r in srows if r["kind"] == "other"]
    assert [(r["answer"], r["count"]) for r in other] == [("Сферум", "1")]
    vk = next(r for r in srows if r["answer"] == "ВКонтакте")
    assert (vk["count"], vk["percent"]) == ("4", "80.0")


def test_paper_questionnaire_entry(demo_db, imported):
    survey = surveys.get_survey(demo_db, imported)
    networks, messenger, ways, time_, meetings, wishes = survey.questions
    gid = _gid(demo_db, "svetlana.kozlova76@inbox.ru")
    rid = surveys.add_response(demo_db, imported, {
        networks.id: ["ВКонтакте", "Telegram"], messenger.id: "max", ways.id: "SMS; Телефонный звонок",
        time_.id: "Вечером, с 17:00 до 21:00", wishes.id: "Звоните после 18:00"}, guardian_id=gid)
    row = demo_db.execute("SELECT source, guardian_id FROM survey_responses WHERE id = ?", [rid]).fetchone()
    assert row == ("manual", gid)
    assert gid in surveys.answered_guardian_ids(demo_db, imported)
    before = demo_db.execute("SELECT count(*) FROM survey_answers").fetchone()[0]
    with pytest.raises(OutreachError, match="is not an option"):
        surveys.add_response(demo_db, imported, {messenger.id: "Голубиная почта"})
    with pytest.raises(OutreachError, match="one answer only"):
        surveys.add_response(demo_db, imported, {messenger.id: ["Telegram", "MAX"]})
    with pytest.raises(OutreachError, match="no answers"):
        surveys.add_response(demo_db, imported, {messenger.id: "  "})
    assert demo_db.execute("SELECT count(*) FROM survey_answers").fetchone()[0] == before


def test_scale_and_yes_no_entry(db):
    sid = surveys.new_from_template(db, "satisfaction", lang="en")
    overall, promptly, easy, online, topics, text = surveys.get_survey(db, sid).questions
    assert overall.labels == ["1", "2", "3", "4", "5"] and easy.labels == ["Yes", "No"]
    surveys.add_response(db, sid, {overall.id: "5", easy.id: "yes", online.id: "No",
                                   topics.id: ["Road safety"]})
    surveys.add_response(db, sid, {overall.id: "4 - good", easy.id: "да"})
    doc = surveys.results(db, sid)
    assert doc["questions"][0]["answers"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
    assert doc["questions"][2]["answers"] == {"Yes": 2, "No": 0}
    with pytest.raises(OutreachError):
        surveys.add_response(db, sid, {overall.id: "7"})


def test_apply_channels_preview_then_apply(demo_db, imported):
    valentina = _gid(demo_db, "valentina.kuznetsova@list.ru")
    before = load_preferences(demo_db, valentina).order
    plan = {p["guardian_id"]: p for p in surveys.channel_plan(demo_db, imported)}
    # The chosen messenger first, then what was in effect (here the defaults), then the other ticks.
    assert plan[valentina]["current"] == ["telegram", "max", "vk", "email"]
    assert plan[valentina]["new"] == ["telegram", "max", "vk", "email", "paper"]
    assert load_preferences(demo_db, valentina).order == before  # a preview changes nothing
    result = surveys.apply_channels(demo_db, imported)
    assert result["changed"] == len([p for p in plan.values() if p["changed"]])
    assert load_preferences(demo_db, valentina).order == ["telegram", "max", "vk", "email", "paper"]
    andrey = _gid(demo_db, "andrey.volkov@list.ru")
    assert load_preferences(demo_db, andrey).order == ["max", "telegram", "vk", "email", "sms", "phone"]
    assert surveys.apply_channels(demo_db, imported)["changed"] == 0


def test_apply_channels_needs_channel_options(db):
    sid = surveys.new_from_template(db, "satisfaction", lang="ru")
    with pytest.raises(OutreachError, match="no answers that name a channel"):
        surveys.channel_plan(db, sid)


def test_demo_has_a_channel_survey_with_matched_responses(demo_db):
    items = surveys.list_surveys(demo_db)
    assert items and items[0]["responses"] > 10
    doc = surveys.results(demo_db, items[0]["id"])
    assert doc["matched"] > 10 and all(g["answered"] > 0 for g in doc["groups"])


def test_templates_in_both_languages():
    found = {(t["slug"], t["lang"]) for t in surveys.list_templates()}
    assert {("channels", "ru"), ("channels", "en"), ("satisfaction", "ru"), ("satisfaction", "en")} <= found
    with pytest.raises(OutreachError, match="no survey template"):
        surveys.new_from_template(None, "nope")  # type: ignore[arg-type]



def test_whole_database_export_redacts_respondent_contacts(demo_db, tmp_path):
    from outreach.roster.export import export_all

    sid = surveys.new_from_template(demo_db, "channels", lang="ru")
    surveys.import_responses(demo_db, DATA / "yandex_ru_cp1251.csv", survey_id=sid, match="phone")
    export_all(demo_db, tmp_path / "dump", redacted=True)
    text = (tmp_path / "dump" / "survey_responses.csv").read_text(encoding="utf-8")
    assert "+79682993658" not in text and "+7********58" in text


def test_composer_audience_not_answered_agrees(demo_db, imported):
    from outreach.messages import compose

    everyone = {i for (i,) in demo_db.execute("SELECT id FROM guardians")}
    answered = surveys.answered_guardian_ids(demo_db, imported)
    assert len(answered) == 4
    assert set(compose.resolve_audience(demo_db, [("not-answered", str(imported))])) == everyone - answered


@pytest.mark.parametrize("answer, quiet", [
    ("Вечером, с 17:00 до 21:00", "21:00-17:00"),
    ("Днём, с 9:00 до 17:00", "17:00-09:00"),
    ("Утром, до 9:00", "09:00-08:00"),
    ("In the evening, after 18:00", "21:00-18:00"),
    ("В любое время", None),
])
def test_quiet_hours_from_the_convenient_time(answer, quiet):
    from outreach.common.quiet_hours import QuietHours
    from outreach.surveys.apply import quiet_from_answer

    assert quiet_from_answer(answer, QuietHours.parse("21:00-08:00")) == quiet
