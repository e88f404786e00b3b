"""The family driving competition «Моя автомобильная семья»: presets, storage, standings."""
