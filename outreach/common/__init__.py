"""Small shared basics: time, contacts, names, paths, errors, translation, files."""
