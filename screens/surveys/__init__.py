"""The Surveys section: templates, imports, paper entry, results."""
