"""The parent roster: guardians, students, consent, relations, import and export."""
