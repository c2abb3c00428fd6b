"""`panel` from the command line, as a secretary would run a session."""
from __future__ import annotations

import hashlib
import json

from tests.conftest import run_cli
from tests.services.panel_store import build_panel_store


def test_plan_vote_and_close_from_the_command_line(db, db_path, tmp_path):
    store = build_panel_store(db, plan=False)
    db.close()
    base = ["--db", str(db_path), "--user", "li", "--lang", "en"]
    assert "session 1" in run_cli("panel", "new", "--date", "2024-04-15", "--title", "April", *base).stdout
    shown = run_cli("panel", "add", "1", *map(str, store.apps), *base)
    assert shown.returncode == 0 and shown.stdout.count("yes") == 5
    absent = run_cli("panel", "absent", "1", "--expert", str(store.experts[2]), "--reason", "travel", *base)
    assert "absent: 3 孙立新 (travel)" in absent.stdout and "NO: top-up needed" in absent.stdout
    refused = run_cli("panel", "vote", "1", str(store.apps[0]), "--expert", "1", "--vote", "support", *base)
    assert refused.returncode == 2 and "top-up" in refused.stderr
    run_cli("panel", "absent", "1", "--expert", str(store.experts[2]), "--present", *base)
    for expert, vote in zip(store.experts, ("support", "abstain", "support"), strict=True):
        voted = run_cli("panel", "vote", "1", str(store.apps[0]), "--expert", str(expert), "--vote", vote, *base)
    assert "decided" in voted.stdout
    out = tmp_path / "minutes.pdf"
    closed = run_cli("panel", "close", "1", "--minutes", str(out), *base)
    assert closed.returncode == 0, closed.stderr
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in closed.stdout and "1 decided, 4 deferred" in closed.stdout
    listed = run_cli("panel", "list", *base)
    assert "closed" in listed.stdout

    from workstation.store.db import open_database

    again = open_database(db_path)
    after = json.loads(again.execute("SELECT after FROM audit_log WHERE action = 'panel.close'").fetchone()[0])
    assert after["minutes_sha256"] == digest
    again.close()
