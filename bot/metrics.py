"""Every metric the bot exposes on `/metrics` (METRICS_LISTEN), defined once, in one registry.

Any part may import this module (it imports nothing of the project): handlers, jobs, delivery, the dashboard
and the evidence archive increment what is theirs. The registry is our own, not prometheus-client's global
one, so a test reads exactly these values (`REGISTRY.get_sample_value(name, labels)`). What is read from
the database at scrape time (the outbox's depth and oldest row) is not here: `bot/health.py` collects it.

Names follow Prometheus' conventions: `_total` for counters, `_seconds` and `_timestamp_seconds` for times.
Every label value is listed below and pre-set to 0, so a rule can compare with a series that has not moved.
"""

from __future__ import annotations

import time

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
)

disable_created_metrics()  # no `_created` twin of every counter: nothing here reads them
REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)  # process_resident_memory_bytes, open fds, CPU seconds

# -- updates and replies (handlers/) ---------------------------------------------------------------------------
UPDATE_KINDS = ("text", "command", "button", "file", "edit", "other")
UPDATES = Counter("cchc_updates_total", "Telegram updates handled, by kind", ["kind"], registry=REGISTRY)

# What the bot did with a focal point's written status reply: stored at once (plain), read back for the
# sender's confirmation (issue 19), or asked about with buttons (which task, which status).
REPLY_PATHS = ("at_once", "read_back", "asked")
REPLIES = Counter("cchc_replies_total", "Focal points' written status replies, by the path they took",
                  ["path"], registry=REGISTRY)

# -- sending (jobs/sender.py, bot/delivery/direct_retry.py) ------------------------------------------------------
SEND_VIAS = ("outbox", "direct")  # the outbox sender, or a handler's direct answer
REFUSALS = ("429", "403", "400", "network")  # Telegram's RetryAfter, Forbidden, BadRequest; no answer at all
MESSAGES_SENT = Counter("cchc_messages_sent_total", "Messages Telegram accepted", ["via"], registry=REGISTRY)
MESSAGES_REFUSED = Counter("cchc_messages_refused_total", "Sends Telegram refused or that got no answer, by reason",
                           ["via", "reason"], registry=REGISTRY)
SENDER_LAST_RUN = Gauge("cchc_sender_last_run_timestamp_seconds",
                        "When the outbox sender last ran or made progress (Unix time)", registry=REGISTRY)

# -- the reminder sweep (jobs/nudges.py) ---------------------------------------------------------------------------
SWEEP_LAST_RUN = Gauge("cchc_sweep_last_run_timestamp_seconds", "When the reminder sweep last finished (Unix time)",
                       registry=REGISTRY)
SWEEP_DURATION = Gauge("cchc_sweep_duration_seconds", "How long the last reminder sweep took", registry=REGISTRY)
NUDGES_QUEUED = Counter("cchc_nudges_queued_total", "Reminder messages the sweep queued", registry=REGISTRY)
LEADER = Gauge("cchc_leader", "1 when this process is the leader (sender, sweep, digest, backups)",
               registry=REGISTRY)

# -- the dashboard (bot/webapp/) -------------------------------------------------------------------------------
DASHBOARD_REQUESTS = Counter("cchc_dashboard_requests_total", "Dashboard HTTP requests, by response status",
                             ["status"], registry=REGISTRY)
DASHBOARD_LATENCY = Histogram("cchc_dashboard_request_duration_seconds", "Dashboard request latency",
                              buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0), registry=REGISTRY)

# -- evidence archive (issue 20 point 2) -----------------------------------------------------------------------
EVIDENCE_ARCHIVED = Counter("cchc_evidence_archived_total", "Evidence files downloaded into EVIDENCE_DIR",
                            registry=REGISTRY)
EVIDENCE_FAILED = Counter("cchc_evidence_failed_total", "Evidence downloads that failed (each attempt)",
                          registry=REGISTRY)

# -- backups (jobs/backups.py) ---------------------------------------------------------------------------------
BACKUP_LAST_SUCCESS = Gauge("cchc_backup_last_success_timestamp_seconds",
                            "When the newest backup in BACKUP_DIR was made (Unix time; 0: none)", registry=REGISTRY)
BACKUP_AGE = Gauge("cchc_backup_age_seconds", "Age of the newest backup in BACKUP_DIR (NaN: none)",
                   registry=REGISTRY)
BACKUP_FAILURES = Counter("cchc_backup_failures_total", "Scheduled backups that failed", registry=REGISTRY)
_newest_backup: list[float] = []  # Unix time of the newest backup, once one is known


def backup_made(at: float) -> None:
    """A backup now exists from `at` (made by this process, or found in BACKUP_DIR at start-up)."""
    if not _newest_backup or at > _newest_backup[0]:
        _newest_backup[:] = [at]
        BACKUP_LAST_SUCCESS.set(at)


BACKUP_AGE.set_function(lambda: time.time() - _newest_backup[0] if _newest_backup else float("nan"))

for _kind in UPDATE_KINDS:
    UPDATES.labels(_kind)
for _path in REPLY_PATHS:
    REPLIES.labels(_path)
for _via in SEND_VIAS:
    MESSAGES_SENT.labels(_via)
    for _reason in REFUSALS:
        MESSAGES_REFUSED.labels(_via, _reason)
