"""`roster link --child` with a name of blanks: a usage error naming --child, nothing written."""

from __future__ import annotations


def test_a_blank_child_name_is_a_usage_error(db, cli) -> None:
    anna = cli.json("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна")["id"]
    before = db.execute("SELECT (SELECT count(*) FROM students), (SELECT count(*) FROM student_guardians)"
                        ).fetchone()
    for blank in ("   ", "\t"):
        result = cli("roster", "link", str(anna), "--child", blank)
        assert result.exit_code == 2, (blank, result.output)
        assert isinstance(result.exception, SystemExit)  # not an internal error
        assert "--child" in result.output
    after = db.execute("SELECT (SELECT count(*) FROM students), (SELECT count(*) FROM student_guardians)"
                       ).fetchone()
    assert after == before
