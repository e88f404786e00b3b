"""One guardian's channels as the Channels section shows them (reading and formatting only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from outreach.channels.preferences import (
    ROSTER_FIELD,
    Preferences,
    Reach,
    load_preferences,
    reach_one,
)
from outreach.common.channel_names import GUARDIAN_CHANNELS
from outreach.common.contacts import format_phone
from outreach.common.i18n import pt, t
from outreach.messages.delivery.labels import channel_state
from outreach.roster import guardians as roster
from outreach.roster.records import Guardian
from outreach.settings.values import all_settings
from outreach_screens.widgets.preference_list import PreferenceRow


def _short_reasons() -> dict[str, str]:
    """The list's narrow state column says in a word or two what the line below says in full."""
    return {
        "opted_out": pt("wholescreens.channels.short.opted_out", "opted out"),
        "no_address": t("no address"),
        "telegram_not_linked": t("bot not started"),
        "no_consent": t("no consent"),
    }


@dataclass(frozen=True)
class GuardianChannels:
    """Everything the right-hand panel shows about one guardian, read in one worker."""

    guardian: Guardian
    prefs: Preferences
    reach: Reach
    default_quiet: str

    @property
    def guardian_id(self) -> int:
        return self.guardian.id

    def roster_address(self, channel: str) -> str:
        field = ROSTER_FIELD.get(channel)
        return (self.guardian.value(field) if field else None) or ""

    def address(self, channel: str) -> str:
        if channel == "paper":
            return t("via the child") if self.guardian.students else "—"
        value = self.prefs.addresses.get(channel) or self.roster_address(channel)
        if value and channel in ("sms", "phone"):
            return format_phone(value)
        return value or "—"

    def rows(self) -> list[PreferenceRow]:
        order = self.reach.order
        short = _short_reasons()
        rows = []
        for channel in [*order, *(c for c in GUARDIAN_CHANNELS if c not in order)]:
            rank = order.index(channel) + 1 if channel in order else None
            reachable = channel in self.reach.channels
            reason = ""
            if rank is not None:
                reason = self.reach.reason_on(channel)
                state = channel_state(self.reach, channel)
            elif channel in self.prefs.opted_out:
                reason = "opted_out"
                state = t("opted out")
            else:
                state = t("not in the list")
            rows.append(PreferenceRow(channel, rank, self.address(channel), state, reachable,
                                      channel in self.prefs.opted_out, short.get(reason, "")))
        return rows


def read_guardian(db: Any, guardian_id: int) -> GuardianChannels:
    return GuardianChannels(roster.get_guardian(db, guardian_id), load_preferences(db, guardian_id),
                            reach_one(db, guardian_id), all_settings(db)["quiet_hours"])
