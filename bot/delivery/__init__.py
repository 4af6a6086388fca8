"""What goes out and how: queueing into the outbox, office alerts, rate limits, retries of direct
answers, per-person update order. Uses `db/` and `bot.domain`, never `handlers/` or `jobs/`."""
