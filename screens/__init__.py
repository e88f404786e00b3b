"""The Textual face of outreach: the app shell, one module per screen, reusable widgets."""
