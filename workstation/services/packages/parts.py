"""What a package holds, part by part: the columns of each and their Parquet types.

Every part carries the application's stable key, its case's ``hospital_code`` and ``case_id``
(local ids differ between stores), so the parts join on it in any SQL engine (docs/scale.md).
An expert is known between stores by name and specialty.
"""
from __future__ import annotations

import pyarrow as pa
from sqlite_utils import Database

KEY = ["hospital_code", "case_id"]
_TYPES = {"INTEGER": pa.int64(), "REAL": pa.float64()}

# Columns that only mean something in the store that wrote them (ids, links), left out or renamed.
LOCAL_ONLY = {
    "cases": {"id", "batch_id", "extra"},
    "applications": {"id", "case_pk", "batch_id", "source_row", "hospital_code"},
    "negotiation_rounds": {"id", "application_id"},
    "decisions": {"id", "application_id", "amends"},
    "notices": {"id", "decision_id"},
}


def columns_of(db: Database, table: str) -> list[tuple[str, pa.DataType]]:
    """``table``'s columns (less the local ones) with their Parquet types, from the declared types."""
    skip = LOCAL_ONLY.get(table, set())
    return [(row[1], _TYPES.get(str(row[2]).upper(), pa.string()))
            for row in db.execute(f'PRAGMA table_info("{table}")') if row[1] not in skip]


def schema(*columns: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema(list(columns))


def key_columns() -> list[tuple[str, pa.DataType]]:
    return [("hospital_code", pa.string()), ("case_id", pa.string())]


def part_schemas(db: Database) -> dict[str, pa.Schema]:
    s, i = pa.string(), pa.int64()
    return {
        "cases": schema(*columns_of(db, "cases")),
        "applications": schema(*key_columns(), ("origin_id", i), *columns_of(db, "applications")),
        "panel": schema(*key_columns(), ("review_round", i), ("expert_name", s), ("expert_specialty", s),
                        ("expert_hospitals", s), ("recused", i), ("vote", s), ("comment", s), ("voted_at", s),
                        ("voted_by", s), ("draw_seed", s), ("drawn_at", s), ("drawn_by", s)),
        "negotiations": schema(*key_columns(), *columns_of(db, "negotiation_rounds")),
        "decisions": schema(*key_columns(), ("origin_id", i), ("amends_origin_id", i), *columns_of(db, "decisions")),
        "notices": schema(*key_columns(), ("decision_origin_id", i), *columns_of(db, "notices")),
        "audit": schema(("origin_event_id", i), ("at", s), ("actor", s), ("action", s), ("entity", s),
                        ("entity_id", s), ("before", s), ("after", s), ("prev_hash", s), ("hash", s),
                        ("masked", i)),
        "chain": schema(("id", i), ("prev_hash", s), ("hash", s)),
    }
