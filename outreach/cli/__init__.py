"""The typer CLI: thin verbs over the domain in `outreach`."""
