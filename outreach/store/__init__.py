"""The SQLite store: opening the file, the schema and its migrations, search, audit, watch."""
