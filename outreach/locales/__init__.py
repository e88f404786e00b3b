"""Message catalogs, one module per language, with identical keys and fields."""
