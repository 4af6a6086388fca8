"""Telegram handlers: thin, one module per concern."""
