"""`outreach settings …`: every setting, shown in words and changed by its key."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Column, Table
from rich.text import Text

from outreach.cli.common import Commands, JsonOption, open_db, out, print_json
from outreach.cli.tables import column_widths
from outreach.common.errors import OutreachError
from outreach.common.i18n import current_language, t
from outreach.settings.display import (
    ShownSetting,
    setting_name,
    shown_settings,
    source_mark,
    value_in_words,
    with_source,
)
from outreach.settings.effective import effective_settings
from outreach.settings.secrets import ENV
from outreach.settings.values import SettingQuestioned, all_settings, set_setting

app = Commands(no_args_is_help=True, help="Show and change settings.")


@app.command("set")
def settings_set(key: Annotated[str, typer.Argument(help="Setting key, e.g. quiet_hours.")],
                 value: Annotated[str, typer.Argument(help="New value.")],
                 yes: Annotated[bool, typer.Option("--yes", help="Store a value that reads as a slip (quiet hours over the day) as it is.")] = False) -> None:
    """Change a setting. Example: outreach settings set quiet_hours 21:30-07:30"""
    try:
        stored = set_setting(open_db(create=True), key, value, confirmed=yes)
    except SettingQuestioned as slip:
        raise OutreachError(t("{message} To store it as it is, repeat with --yes.", message=slip.message)) from None
    if current_language() == "en":
        out.print(f"{key} = {stored}")
        return
    out.print(t("{name} ({key}): {value}", name=setting_name(key), key=key, value=value_in_words(key, stored)))


@app.command("show")
def settings_show(json_: JsonOption = False) -> None:
    """Show all settings as a send will use them, marked where they come from. Example: outreach settings show --json"""
    db = open_db()
    values = all_settings(db)
    effective = effective_settings(db)
    if json_:  # the stored values under their keys, as ever; what a send uses under `sources`
        print_json({**values, "sources": {key: setting.document(key in ENV) for key, setting in effective.items()}})
        return
    if current_language() == "en":  # `key = value`, as English scripts and users have read it
        for key, setting in effective.items():
            if key in ENV:
                out.print(f"{key}: {with_source(key, setting)}")
            else:
                out.print("  ".join(filter(None, (f"{key} = {setting.value}", source_mark(setting)))))
        return
    out.print(settings_table(shown_settings(effective), out.width))


def settings_table(settings: list[ShownSetting], width: int) -> Table:
    """The settings under their groups' headings, in words, with the key `settings set`
    takes; no word cut at `width`."""
    headers = [t("Setting"), t("Value"), t("Key (settings set)")]
    groups = [setting.group for setting in settings]
    rows = [[setting.name, setting.value, setting.key] for setting in settings]
    widths = column_widths(headers, [*rows, *([group, "", ""] for group in groups)], width, whole={2})
    table = Table(*headers) if widths is None else Table(*(Column(h, width=w, overflow="fold")
                                                           for h, w in zip(headers, widths, strict=True)))
    for index, (group, row) in enumerate(zip(groups, rows, strict=True)):
        if index == 0 or groups[index - 1] != group:
            table.add_row(Text(group, style="bold"), "", "")
        table.add_row(*row, end_section=index + 1 < len(groups) and groups[index + 1] != group)
    return table
