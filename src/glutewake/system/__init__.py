"""Operating-system integration: how glutewake fits into the desktop it runs on."""
