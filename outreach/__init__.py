"""outreach: a teacher's workbench for outreach to students' parents."""

__version__ = "0.1.0"
