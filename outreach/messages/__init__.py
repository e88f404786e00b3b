"""Messages: templates, composing, drafts, the outbox and delivery."""
