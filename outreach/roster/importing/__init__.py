"""Importing a roster from CSV/XLSX: columns, rows, identity, the write."""
