"""Database layer: engine, models and keyword-only query functions (no Telegram imports)."""
