"""Settings kept in the database, secrets kept outside it, the test e-mail."""
