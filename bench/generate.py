"""A realistic generated roster: ru_RU names, phones in mixed formats, e-mails, groups.

`python -m bench.generate out.csv --rows 100000` writes one student–guardian pair per row
(long shape, like the demo roster). Deterministic for a given seed; every value is valid,
every guardian distinct (unique phone and e-mail), so an import creates `rows` guardians.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

import phonenumbers
from faker import Faker

HEADERS = ("ФИО ученика", "Класс", "ФИО родителя", "Кем приходится", "Телефон", "E-mail",
           "Telegram", "Согласие")
GROUPS = [f"{grade}{letter}" for grade in range(1, 12) for letter in "АБВГД"]
DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "list.ru", "bk.ru", "inbox.ru", "rambler.ru",
           "ya.ru", "outlook.com", "school7.ru")
PHONE_FORMATS = (
    "8 ({a}) {b}-{c}-{d}", "+7 {a} {b} {c} {d}", "8{a}{b}{c}{d}", "+7{a}{b}{c}{d}",
    "8-{a}-{b}-{c}-{d}", "+7({a}){b}-{c}-{d}", "+7 ({a}) {b}-{c}-{d}", "7{a}{b}{c}{d}",
    "{a}{b}{c}{d}", "8 {a} {b} {c} {d}", "8({a}){b}{c}{d}", "+7-{a}-{b}-{c}-{d}",
)
LANDLINE_SHARE = 0.03  # Moscow / St Petersburg numbers: not mobile, so the library path
EMAIL_SHARE = 0.7
TELEGRAM_SHARE = 0.25
_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=False,
))


def translit(word: str) -> str:
    return "".join(_TRANSLIT.get(c, c) for c in word.lower())


class Names:
    """Pools of ru_RU names from Faker, combined at random (much faster than Faker per row)."""

    def __init__(self, seed: int):
        fake = Faker("ru_RU")
        fake.seed_instance(seed)
        self.male_surnames = sorted({fake.last_name_male() for _ in range(3000)})
        self.male_names = sorted({fake.first_name_male() for _ in range(800)})
        self.female_names = sorted({fake.first_name_female() for _ in range(800)})
        self.male_patronymics = sorted({fake.middle_name_male() for _ in range(800)})
        self.female_patronymics = sorted({fake.middle_name_female() for _ in range(800)})

    @staticmethod
    def feminine(surname: str) -> str:
        if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
            return surname + "а"
        if surname.endswith("ский") or surname.endswith("цкий"):
            return surname[:-2] + "ая"
        if surname.endswith(("ой", "ый", "ий")):
            return surname[:-2] + "ая"
        return surname


class Phones:
    """Unique valid Russian numbers, written in the mixed ways teachers type them."""

    def __init__(self, rng: random.Random):
        metadata = phonenumbers.PhoneMetadata.metadata_for_region("RU")
        self.mobile = re.compile(metadata.mobile.national_number_pattern)
        self.rng = rng
        self.seen: set[str] = set()

    def national(self) -> str:
        while True:
            if self.rng.random() < LANDLINE_SHARE:
                number = self.rng.choice(("495", "499", "812")) + f"{self.rng.randrange(10**7):07d}"
            else:
                number = "9" + f"{self.rng.randrange(10**9):09d}"
                if not self.mobile.fullmatch(number):
                    continue
            if number not in self.seen:
                self.seen.add(number)
                return number

    def written(self) -> str:
        n = self.national()
        shape = self.rng.choice(PHONE_FORMATS)
        return shape.format(a=n[:3], b=n[3:6], c=n[6:8], d=n[8:])


def rows(count: int, seed: int = 2026):
    rng = random.Random(seed)
    names = Names(seed)
    phones = Phones(rng)
    emails: set[str] = set()
    made = 0
    while made < count:
        father_surname = rng.choice(names.male_surnames)
        mother_surname = names.feminine(father_surname)
        father_name = rng.choice(names.male_names)
        father_patronymic = rng.choice(names.male_patronymics)
        if rng.random() < 0.5:
            child = (father_surname, rng.choice(names.male_names),
                     _patronymic(father_name, True, rng.choice(names.male_patronymics)))
        else:
            child = (mother_surname, rng.choice(names.female_names),
                     _patronymic(father_name, False, rng.choice(names.female_patronymics)))
        group = rng.choice(GROUPS)
        parents = [(mother_surname, rng.choice(names.female_names),
                    rng.choice(names.female_patronymics), "мать")]
        if rng.random() < 0.8:
            parents.append((father_surname, father_name, father_patronymic, "отец"))
        for surname, name, patronymic, relation in parents:
            if made >= count:
                break
            email = ""
            if rng.random() < EMAIL_SHARE:
                base = f"{translit(name)}.{translit(surname)}"
                email = f"{base}@{rng.choice(DOMAINS)}"
                while email in emails:
                    email = f"{base}{rng.randrange(1, 10000)}@{rng.choice(DOMAINS)}"
                emails.add(email)
                if rng.random() < 0.05:
                    email = email.capitalize()
            telegram = ""
            if rng.random() < TELEGRAM_SHARE:
                telegram = f"@{translit(name)}_{translit(surname)}"[:30]
            consent = rng.choice(("да", "", "01.09.2026", "Да", ""))
            yield (" ".join(child), group, f"{surname} {name} {patronymic}", relation,
                   phones.written(), email, telegram, consent)
            made += 1


def _patronymic(father: str, male: bool, fallback: str) -> str:
    """Ivan → Иванович / Ивановна for regular names; other names borrow a pooled one."""
    if father[-1:] in "бвгдзклмнпрстфхцчшщ":
        return father + ("ович" if male else "овна")
    return fallback


def write_roster(path: Path | str, count: int, seed: int = 2026) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerows(rows(count, seed))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_roster(args.path, args.rows, args.seed)


if __name__ == "__main__":
    main()
