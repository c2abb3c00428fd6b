"""Review packages between desktops: the panel laptop's round trip, two reviewer desks, refused
files, and a conflict listed for a supervisor instead of applied."""
from __future__ import annotations

import io
import sqlite3
import zipfile

import pytest


def votes(db, app_id: int) -> dict[str, str | None]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT e.name, m.vote FROM panel_members m JOIN experts e ON e.id = m.expert_id"
                                 " WHERE m.application_id = ? ORDER BY e.name", [app_id]).fetchall())
    finally:
        conn.close()


def open_vote(db) -> tuple[int, int, str]:
    """An application in expert review with a member still to vote: (application, expert id, name)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT m.application_id, m.expert_id, e.name FROM panel_members m JOIN experts e ON"
                            " e.id = m.expert_id JOIN applications a ON a.id = m.application_id WHERE a.status ="
                            " 'expert_review' AND m.vote IS NULL AND m.recused = 0 ORDER BY 1 LIMIT 1").fetchone()
    finally:
        conn.close()


def local_id(db, case_key: tuple[str, str]) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT a.id FROM applications a JOIN cases c ON c.id = a.case_pk WHERE c.hospital_code = ?"
                            " AND c.case_id = ?", case_key).fetchone()[0]
    finally:
        conn.close()


def case_key(db, app_id: int) -> tuple[str, str]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT c.hospital_code, c.case_id FROM applications a JOIN cases c ON c.id = a.case_pk"
                            " WHERE a.id = ?", [app_id]).fetchone()
    finally:
        conn.close()


@pytest.fixture
def session_out(desk, cli, tmp_path):
    """The desk's package for the panel meeting, and the laptop that imported it."""
    app_id, _expert, name = open_vote(desk)
    package = tmp_path / "session.drgpkg"
    status, out, err = cli("--db", str(desk), "--user", "li", "package", "export", "--applications", f"{app_id},12",
                           "--out", str(package))
    assert status == 0 and "personal data masked" in out, err
    laptop = tmp_path / "laptop.db"
    status, out, err = cli("--db", str(laptop), "--user", "panel", "package", "import", str(package))
    assert status == 0 and "applications 2" in out, err
    return app_id, name, package, laptop


def test_the_panel_laptop_brings_the_votes_back(desk, cli, session_out, tmp_path):
    app_id, name, package, laptop = session_out
    key = case_key(desk, app_id)
    on_laptop = local_id(laptop, key)
    conn = sqlite3.connect(laptop)
    patient = conn.execute("SELECT c.patient_name FROM cases c JOIN applications a ON a.case_pk = c.id WHERE a.id = ?",
                           [on_laptop]).fetchone()[0]
    expert = conn.execute("SELECT id FROM experts WHERE name = ?", [name]).fetchone()[0]
    conn.close()
    assert "*" in patient  # the laptop never held the patient's name
    status, _, err = cli("--db", str(laptop), "--user", "panel", "review", "vote", str(on_laptop), "--expert",
                         str(expert), "--vote", "oppose", "--comment", "cost not justified")
    assert status == 0, err
    back = tmp_path / "votes.drgpkg"
    assert cli("--db", str(laptop), "--user", "panel", "package", "export", "--applications", str(on_laptop),
               "--out", str(back))[0] == 0
    assert votes(desk, app_id)[name] is None
    status, out, err = cli("--db", str(desk), "--user", "li", "package", "import", str(back))
    assert status == 0 and "votes 1" in out and "conflicts to resolve: 0" in out, err
    assert votes(desk, app_id)[name] == "oppose"
    # The desk's patient data was not replaced by the laptop's masked copy.
    conn = sqlite3.connect(desk)
    assert "*" not in conn.execute("SELECT patient_name FROM cases WHERE hospital_code = ? AND case_id = ?",
                                   key).fetchone()[0]
    conn.close()
    # A second import adds nothing; both chains verify.
    status, out, _ = cli("--db", str(desk), "--user", "li", "package", "import", str(back))
    assert status == 0 and "nothing was added" in out
    assert cli("--db", str(desk), "audit", "verify")[0] == 0
    assert cli("--db", str(laptop), "audit", "verify")[0] == 0


def test_a_vote_on_both_sides_is_listed_not_applied(desk, cli, session_out, tmp_path):
    app_id, name, _package, laptop = session_out
    conn = sqlite3.connect(laptop)
    expert_on_laptop = conn.execute("SELECT id FROM experts WHERE name = ?", [name]).fetchone()[0]
    conn.close()
    on_laptop = local_id(laptop, case_key(desk, app_id))
    cli("--db", str(laptop), "--user", "panel", "review", "vote", str(on_laptop), "--expert", str(expert_on_laptop),
        "--vote", "oppose")
    back = tmp_path / "votes.drgpkg"
    cli("--db", str(laptop), "--user", "panel", "package", "export", "--applications", str(on_laptop), "--out", str(back))
    _, expert, _ = open_vote(desk)
    status, _, err = cli("--db", str(desk), "--user", "li", "review", "vote", str(app_id), "--expert", str(expert),
                         "--vote", "support")
    assert status == 0, err
    status, out, _ = cli("--db", str(desk), "--user", "li", "package", "import", str(back))
    assert "conflicts to resolve: 1" in out
    assert votes(desk, app_id)[name] == "support"  # not overwritten
    status, out, _ = cli("--db", str(desk), "package", "conflicts")
    assert f"vote 1:{name}" in out and '"oppose"' in out and '"support"' in out
    # A reviewer may not resolve it; a supervisor does, with a reason.
    assert cli("--db", str(desk), "--user", "li", "package", "resolve", "1", "--keep", "imported", "--reason",
               "signed form")[0] == 2
    assert cli("--db", str(desk), "--user", "wang", "package", "resolve", "1", "--keep", "imported", "--reason",
               "the signed form says oppose")[0] == 0
    assert votes(desk, app_id)[name] == "oppose"
    assert "No conflicts" in cli("--db", str(desk), "package", "conflicts")[1]


def test_two_reviewer_desks_exchange_applications(desk, cli, tmp_path, demo_template):
    other = tmp_path / "other.db"
    cli("--db", str(other), "batches")
    package = tmp_path / "a.drgpkg"
    status, out, err = cli("--db", str(desk), "--user", "li", "package", "export", "--period", "2024-03",
                           "--for-reviewer", "--out", str(package))
    assert status == 0 and "unmasked" in out, err
    status, out, err = cli("--db", str(other), "--user", "b", "package", "import", str(package))
    assert status == 0, err
    conn = sqlite3.connect(other)
    apps = conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
    names = [r[0] for r in conn.execute("SELECT patient_name FROM cases")]
    imported_events = conn.execute("SELECT COUNT(*) FROM imported_audit").fetchone()[0]
    conn.close()
    src = sqlite3.connect(desk)
    assert apps == src.execute("SELECT COUNT(*) FROM applications WHERE period = '2024-03'").fetchone()[0]
    src.close()
    assert names and not any("*" in (n or "") for n in names)  # a reviewer's desk sees the names
    assert imported_events > 0
    # The other desk sends them back: the first desk already holds each, so nothing is added.
    back = tmp_path / "b.drgpkg"
    cli("--db", str(other), "--user", "b", "package", "export", "--period", "2024-03", "--for-reviewer",
        "--out", str(back))
    status, out, _ = cli("--db", str(desk), "--user", "li", "package", "import", str(back))
    assert status == 0 and "applications" not in out.split("added")[1].split(";")[0]


def _rewrite(package, part: str, change) -> bytes:
    """The package with one part's bytes changed, the manifest left as it was."""
    source = zipfile.ZipFile(package)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, change(data) if name == part else data)
    return buffer.getvalue()


def test_a_tampered_or_truncated_package_is_refused(desk, cli, tmp_path):
    package = tmp_path / "p.drgpkg"
    cli("--db", str(desk), "--user", "li", "package", "export", "--applications", "12", "--out", str(package))
    other = tmp_path / "other.db"
    tampered = tmp_path / "tampered.drgpkg"
    tampered.write_bytes(_rewrite(package, "decisions.parquet", lambda b: b[:-40] + bytes(40)))
    status, _, err = cli("--db", str(other), "package", "import", str(tampered))
    assert status == 2 and "decisions.parquet does not match its SHA-256" in err
    truncated = tmp_path / "truncated.drgpkg"
    truncated.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    status, _, err = cli("--db", str(other), "package", "import", str(truncated))
    assert status == 2 and "truncated" in err
    conn = sqlite3.connect(other)
    assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 0
    conn.close()


def test_a_sessions_package_holds_its_agenda(desk, cli, tmp_path):
    conn = sqlite3.connect(desk)
    agenda = [r[0] for r in conn.execute("SELECT application_id FROM panel_session_items WHERE session_id = 1"
                                         " ORDER BY position")]
    conn.close()
    assert agenda  # the demo ships a planned session
    package = tmp_path / "session1.drgpkg"
    status, out, err = cli("--db", str(desk), "--user", "li", "package", "export", "--session", "1",
                           "--out", str(package))
    assert status == 0, err
    laptop = tmp_path / "laptop.db"
    status, out, err = cli("--db", str(laptop), "--user", "panel", "package", "import", str(package))
    assert status == 0 and f"applications {len(agenda)}" in out, (out, err)
    status, _out, err = cli("--db", str(desk), "--user", "li", "package", "export", "--session", "99",
                            "--out", str(tmp_path / "none.drgpkg"))
    assert status == 2 and "99" in err
