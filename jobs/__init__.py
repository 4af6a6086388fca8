"""Named, idempotent jobs that read the database (so a restart loses nothing)."""
