"""Survey figures: import 10,000 responses × 10 questions, and compute the results.

`python -m bench.surveys` alone, or as part of `python -m bench`.

The file is a Google-Forms-shaped CSV (Timestamp, e-mail, 10 questions: single and multiple
choice with ", "-joined cells and an option containing a comma, a 1–5 scale, yes/no, free
text). Both figures are in-process function calls, each against a plain `csv.reader` pass
over the same file measured in the same run (the least any import must do); target ≤ 1 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from bench.run import Row, run_part

RESPONSES = 10_000
REPEATS = 3

QUESTIONS = [
    ("Какой мессенджер вам удобнее всего?", "single", ["Telegram", "MAX", "Мессенджер ВКонтакте", "WhatsApp", "Viber"]),
    ("Какими социальными сетями вы пользуетесь?", "multiple", ["ВКонтакте", "Одноклассники", "Telegram", "Не пользуюсь"]),
    ("Какие ещё способы связи вам подходят?", "multiple",
     ["Электронная почта", "SMS", "Телефонный звонок", "Записка в дневнике, через ребёнка"]),
    ("В какое время суток вам удобнее получать сообщения?", "single",
     ["Утром, до 9:00", "Днём, с 9:00 до 17:00", "Вечером, с 17:00 до 21:00", "В любое время"]),
    ("Какая форма собраний вам удобнее?", "single", ["Очно в школе", "Онлайн, в чате", "Видеоконференция"]),
    ("Насколько вы удовлетворены взаимодействием со школой?", "scale", ["1", "2", "3", "4", "5"]),
    ("Удобно ли вам общаться с классным руководителем?", "yesno", ["Да", "Нет"]),
    ("Какие темы обсудить на собрании?", "multiple",
     ["Безопасность дорожного движения", "Успеваемость", "Профориентация", "Здоровье и питание"]),
    ("Кто обычно отвечает на сообщения школы?", "single", ["Мама", "Папа", "Бабушка или дедушка", "Другой родственник"]),
    ("Ваши пожелания", "text", []),
]
WISHES = ["Пишите, пожалуйста, не позже 21:00", "Спасибо!", "Больше встреч с инспектором ГИБДД",
          "Хотелось бы получать памятки заранее", ""]


def write_export(path: Path, rows: int = RESPONSES, seed: int = 3) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Отметка времени", "Адрес электронной почты", *[q for q, _, _ in QUESTIONS]])
        for n in range(rows):
            cells = []
            for _, kind, options in QUESTIONS:
                if kind == "multiple":
                    cells.append(", ".join(rng.sample(options, rng.randint(1, 3))))
                elif kind == "text":
                    cells.append(rng.choice(WISHES) + (f" ({n})" if rng.random() < 0.5 else ""))
                else:
                    cells.append(rng.choice(options))
            stamp = f"{1 + n % 28:02d}.09.2026 {8 + n % 14:02d}:{n % 60:02d}:{(n * 7) % 60:02d}"
            writer.writerow([stamp, f"parent{n}@example.ru", *cells])


def csv_pass(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    elapsed = time.perf_counter() - start
    assert len(rows) == RESPONSES + 1
    return elapsed


def bench_surveys(work: Path) -> list[Row]:
    from outreach import surveys
    from outreach.store import db as storage
    from outreach.surveys import Option, Question

    export = work / "survey-export.csv"
    write_export(export)
    baseline = statistics.median(csv_pass(export) for _ in range(REPEATS))
    imports, computes, inferred = [], [], []
    for rep in range(REPEATS):
        path = work / f"survey-{rep}.db"
        db = storage.open_db(path)
        try:
            sid = surveys.create_survey(db, "Бенчмарк", [
                Question(None, text, kind, [Option(None, o) for o in options]) for text, kind, options in QUESTIONS])
            start = time.perf_counter()
            report = surveys.import_responses(db, export, survey_id=sid, match="email")
            imports.append(time.perf_counter() - start)
            assert report["imported"] == RESPONSES and not report["warnings"], report["warnings"][:3]
            start = time.perf_counter()
            doc = surveys.results(db, sid)
            computes.append(time.perf_counter() - start)
            assert doc["responses"] == RESPONSES
            start = time.perf_counter()
            new = surveys.import_responses(db, export, new_title="Новый опрос из файла")
            inferred.append(time.perf_counter() - start)
            assert new["imported"] == RESPONSES
        finally:
            db.close()
    rows = [
        Row(f"survey import {RESPONSES:,} × {len(QUESTIONS)} vs csv.reader pass", statistics.median(imports),
            baseline, "s", "≤ 1 s"),
        Row(f"survey results {RESPONSES:,} × {len(QUESTIONS)} vs csv.reader pass", statistics.median(computes),
            baseline, "s", "≤ 1 s"),
        Row(f"survey import --new (types inferred) {RESPONSES:,} × {len(QUESTIONS)}", statistics.median(inferred),
            baseline, "s"),
    ]
    rows[0].passed = rows[0].ours <= 1.0
    rows[1].passed = rows[1].ours <= 1.0
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.surveys", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    run_part("surveys", bench_surveys, args.markdown)


if __name__ == "__main__":
    main()
