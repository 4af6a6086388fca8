"""The metrics the issue names exist, with every label value, in the registry `/metrics` shows."""

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics


def exposed() -> dict[str, set[tuple]]:
    """Sample name -> the label sets shown, read back through the text format a scraper parses."""
    shown: dict[str, set[tuple]] = {}
    for family in text_string_to_metric_families(generate_latest(metrics.REGISTRY).decode()):
        for sample in family.samples:
            shown.setdefault(sample.name, set()).add(tuple(sorted(sample.labels.items())))
    return shown


def test_every_named_metric_is_exposed_with_every_label_value():
    shown = exposed()
    assert {(("kind", k),) for k in ("text", "command", "button", "file", "edit", "other")} <= shown["cchc_updates_total"]
    assert {(("path", p),) for p in ("at_once", "read_back", "asked")} <= shown["cchc_replies_total"]
    assert {(("via", v),) for v in ("outbox", "direct")} <= shown["cchc_messages_sent_total"]
    assert {(("reason", r), ("via", "outbox")) for r in ("429", "403", "network")} <= shown["cchc_messages_refused_total"]
    for name in ("cchc_sweep_last_run_timestamp_seconds", "cchc_sweep_duration_seconds", "cchc_nudges_queued_total",
                 "cchc_sender_last_run_timestamp_seconds", "cchc_dashboard_request_duration_seconds_bucket",
                 "cchc_evidence_archived_total", "cchc_evidence_failed_total", "cchc_backup_age_seconds",
                 "cchc_backup_last_success_timestamp_seconds", "process_resident_memory_bytes"):
        assert name in shown, name


def test_counting_moves_the_value_a_test_reads():
    before = metrics.REGISTRY.get_sample_value("cchc_dashboard_requests_total", {"status": "429"}) or 0
    metrics.DASHBOARD_REQUESTS.labels("429").inc()
    assert metrics.REGISTRY.get_sample_value("cchc_dashboard_requests_total", {"status": "429"}) == before + 1


def test_backup_age_counts_from_the_newest_backup():
    import time

    def read(name: str) -> float:
        return metrics.REGISTRY.get_sample_value(name)

    metrics.backup_made(time.time() - 3600)  # other tests may have noted a newer one: the newest counts
    newest = read("cchc_backup_last_success_timestamp_seconds")
    assert newest >= time.time() - 3601
    metrics.backup_made(newest - 7200)  # an older one found later changes nothing
    assert read("cchc_backup_last_success_timestamp_seconds") == newest
    assert abs(read("cchc_backup_age_seconds") - (time.time() - newest)) < 5
