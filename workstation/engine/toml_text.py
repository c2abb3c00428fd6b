"""Writing a rules document back as TOML text (the standard library only reads TOML).

Rules documents hold tables of strings, integers, booleans, lists of those and
lists of inline tables; that is all this writer supports, and it refuses the rest.
"""
from __future__ import annotations

import json
from typing import Any


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to a rules file")


def _key(key: str) -> str:
    bare = key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key)
    return key if bare else json.dumps(key, ensure_ascii=False)


def dumps(doc: dict, _prefix: str = "") -> str:
    """TOML text that ``tomllib.loads`` reads back to ``doc``."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    out = "\n".join(lines)
    for key, value in doc.items():
        if isinstance(value, dict):
            name = f"{_prefix}{_key(key)}"
            body = dumps(value, f"{name}.")
            out += ("\n\n" if out else "") + f"[{name}]" + ("\n" + body if body else "")
    return out
