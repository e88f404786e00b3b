"""Parents' messages in one inbox: e-mail over IMAP, Telegram's getUpdates (and MAX, through
`store.keep`), matched to the guardian and to our message they answer; threads per parent and
channel; answers and the teacher's off-hours auto-reply go through the one delivery pipeline."""
