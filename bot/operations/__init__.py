"""Steps that handlers, jobs and the CLI share: read and write through `db/`, build texts and
cards, load the bundled data. They never call the Bot API and never import `handlers/` or `jobs/`."""
