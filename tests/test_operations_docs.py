"""docs/operations.md's files are real: the systemd unit passes `systemd-analyze verify`, the Prometheus rules
pass `promtool check rules` (Debian's prometheus package; .ci/run installs it), and every metric the rules
name is one /metrics shows."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from bot import metrics
from bot.health import OutboxCollector
from db.engine import create_schema, make_engine

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "docs" / "cchc-bot.service"
RULES = ROOT / "docs" / "prometheus-rules.yml"
# names the rules may use that come from Prometheus itself or the blackbox exporter, not from the bot
OUTSIDE = {"up", "probe_success"}
FUNCTIONS = {"max", "sum", "rate", "increase", "time", "hour", "minute", "day_of_week", "histogram_quantile", "by",
             "on", "and", "le", "instance", "kind", "reason", "job"}


def test_the_systemd_unit_verifies(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here (Debian's systemd package has it)")
    # The unit names /opt/cchc-bot; verify checks that ExecStart exists, so this checkout and the cchc-bot
    # command of the environment running the tests stand in for it.
    command = Path(sys.executable).parent / "cchc-bot"
    assert command.exists(), command
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text().replace("/opt/cchc-bot/.venv/bin/cchc-bot", str(command))
                    .replace("/opt/cchc-bot", str(ROOT)))
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    # a misspelt key or a bad value is only a warning with exit code 0: the output must be empty too
    assert done.returncode == 0 and done.stdout + done.stderr == "", done.stdout + done.stderr


def test_the_rules_pass_promtool():
    if shutil.which("promtool") is None:
        pytest.skip("promtool is not installed here (Debian's prometheus package; .ci/run installs it)")
    done = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "SUCCESS" in done.stdout, done.stdout + done.stderr


def test_every_metric_the_rules_name_is_exposed(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    create_schema(engine)
    outbox = OutboxCollector(engine)
    outbox.kinds.add("task")
    exposed = generate_latest(metrics.REGISTRY).decode() + "".join(
        f"{s.name} {s.value}\n" for family in outbox.collect() for s in family.samples)
    shown = {line.split("{")[0].split(" ")[0] for line in exposed.splitlines() if line and not line.startswith("#")}
    expressions = re.findall(r"expr: >?\s*\n?((?:.+\n)+?)\s+(?:for|labels):", RULES.read_text())
    assert len(expressions) == RULES.read_text().count("- alert:")
    named = {word for expr in expressions for word in re.findall(r"\b[a-z_][a-z0-9_]*\b", re.sub(r'"[^"]*"', "", expr))}
    metrics_named = named - FUNCTIONS - OUTSIDE
    assert metrics_named and metrics_named <= shown, metrics_named - shown
    engine.dispose()
