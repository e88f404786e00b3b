"""Demo data for the Surveys section: a channel survey most families have answered."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlite_utils

from outreach.surveys.model import add_response, get_survey, new_from_template

WISHES = ["Пишите, пожалуйста, не позже 21:00", "Удобнее всего в мессенджере",
          "Хотелось бы получать памятки по безопасности заранее", "Спасибо за конкурс!"]


def fill_demo_surveys(db: sqlite_utils.Database, seed: int = 2026) -> int:
    """The Russian channel survey with answers from about two thirds of the demo guardians."""
    rng = random.Random(seed)
    survey = get_survey(db, new_from_template(db, "channels", lang="ru"))
    networks, primary, others, time_, meetings, wishes = survey.questions
    start = datetime(2026, 9, 5, 18, 0)
    ids = [gid for (gid,) in db.execute("SELECT id FROM guardians ORDER BY id")]
    weights = {"Telegram": 5, "MAX": 3, "Мессенджер ВКонтакте": 2, "WhatsApp": 2, "Viber": 1}
    for n, gid in enumerate(ids):
        if rng.random() > 0.65:
            continue
        answers: dict[int, str | list[str]] = {
            networks.saved_id: rng.sample(networks.labels[:3], rng.randint(1, 2)) if rng.random() > 0.1
            else [networks.labels[3]],
            primary.saved_id: rng.choices(list(weights), list(weights.values()))[0],
            others.saved_id: rng.sample(others.labels, rng.randint(1, 3)),
            time_.saved_id: rng.choices(time_.labels, [1, 1, 5, 2])[0],
            meetings.saved_id: rng.choices(meetings.labels, [3, 2, 2])[0],
        }
        if rng.random() < 0.3:
            answers[wishes.saved_id] = rng.choice(WISHES)
        stamp = (start + timedelta(minutes=97 * n)).isoformat(timespec="seconds")
        add_response(db, survey.id, answers, guardian_id=gid, submitted_at=stamp,
                     source="manual" if n % 7 == 0 else "import")
    add_response(db, survey.id, {primary.saved_id: "Telegram", others.saved_id: ["SMS"], time_.saved_id: time_.labels[3]},
                 submitted_at="2026-09-09T10:00:00", source="import")
    return survey.id
