"""The import wizard's problems name the value and the person, as the CLI does, whole at
80×24: a teacher's file (cp1251, «;», a title row, «Мама / Телефон мамы / Папа / Телефон
папы») with one mother's phone mistyped."""

from __future__ import annotations

from pathlib import Path

from outreach_screens.app import make_app
from tests.tui_support import screen_lines, settle, wizard_checked

ROWS = [["Список 8В класса на 2026/27 уч. год", "", "", "", "", ""],
        ["№", "ФИО ученика", "Мама", "Телефон мамы", "Папа", "Телефон папы"],
        ["1", "Смирнова Алёна Игоревна", "Смирнова Ольга Петровна", "8-912-111-22-33",
         "Смирнов Игорь Викторович", "+7 (912) 444-55-66"],
        ["2", "Ёлкина Мария Сергеевна", "Ёлкина Наталья Сергеевна (мама)", "12345", "Ёлкин Сергей",
         "8(912)777-88-99"]]


async def test_a_problem_names_the_value_and_the_person_whole(db_path: Path, tmp_path: Path,
                                                               russian: None) -> None:
    file = tmp_path / "8v.csv"
    file.write_bytes("".join(";".join(row) + "\r\n" for row in ROWS).encode("cp1251"))
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await wizard_checked(pilot, file)
        table = wizard.problems_table
        assert table.row_count == 1
        shown = " ".join(" ".join(line[table.region.x:table.region.right].split())
                         for line in screen_lines(app)[table.region.y:table.region.bottom])
        assert "«12345»" in shown and "Ёлкина Наталья Сергеевна" in shown, shown
        assert "Телефон мамы" in shown and "…" not in shown
        # wrapped at the table's width, not at 20 columns (the table was hidden, 0 wide, when
        # it was filled): the reason and the value read on one line
        assert any("недействительный номер телефона — «12345»" in line for line in screen_lines(app)), shown
        # Import stays grey while a row has a problem, and the screen says why and what to do
        hint = wizard.query_one("#skip-hint").region
        shown = " ".join(" ".join(line[hint.x:hint.right].split()) for line in screen_lines(app)[hint.y:hint.bottom])
        assert wizard.next_button.disabled
        assert shown == "Чтобы загрузить, исправьте файл и выберите его снова или пропустите строки с проблемами."
        await pilot.press("space")  # the focused «skip the rows with problems»
        await settle(pilot)
        assert wizard.skip_invalid.value and not wizard.next_button.disabled
        assert "Чтобы загрузить" not in " ".join(screen_lines(app))
        assert app.focused is wizard.next_button  # Enter now imports, not untick the box
        await pilot.press("shift+tab", "shift+tab", "enter")  # back on the box: unticked, it stays
        await settle(pilot)
        assert not wizard.skip_invalid.value and app.focused is wizard.skip_invalid
