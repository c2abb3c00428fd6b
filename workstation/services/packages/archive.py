"""The .drgpkg file: a zip holding ``manifest.json`` and one Parquet file per part.

The manifest names the format, the exporting store and its audit head, who exported and when,
what the package holds, and each part's SHA-256, rows and size. Reading checks all of it before
anything is merged: a truncated file (the zip's directory is at its end), a part changed, added
or missing, or a manifest that is not ours is refused with what is wrong. Parquet, because DuckDB,
Spark and pandas read it as it is (docs/scale.md); ``unpack`` writes the parts out for them.

The digests guard against damage and against a change made without rewriting the manifest; a
deliberate forger who rewrites both is caught by the audit part instead only where events are
carried (their hashes chain to the exporter's head, verified by ``merge``). Packages are not
signed with a key: the desks share none.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from workstation.domain.messages import Text, UserError

FORMAT = "drgpkg/1"
MANIFEST = "manifest.json"


class PackageError(UserError):
    """A package refused before anything was merged; says what is wrong with it."""


def refuse(path: object, what: Text) -> PackageError:
    text = Text("审核包 {f} 被拒绝：", "The package {f} is refused: ").format(f=path) + what
    return PackageError(text.zh, text.en)


@dataclass(frozen=True)
class Package:
    path: Path
    sha256: str  # of the whole file
    manifest: dict[str, Any]
    parts: dict[str, list[dict[str, Any]]]  # part name -> rows

    @property
    def origin(self) -> str:
        return str(self.manifest["store_id"])

    @property
    def head(self) -> str:
        return str(self.manifest["audit_head"])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_bytes(rows: list[dict[str, Any]], schema: pa.Schema) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer, compression="zstd")
    return buffer.getvalue()


def write_package(target: str | os.PathLike, manifest: dict[str, Any],
                  parts: dict[str, tuple[list[dict[str, Any]], pa.Schema]]) -> str:
    """Write the package (temp file beside it, then renamed); returns the file's SHA-256."""
    target = Path(target)
    blobs = {name: table_bytes(rows, schema) for name, (rows, schema) in parts.items()}
    manifest = dict(manifest, format=FORMAT, parts={
        f"{name}.parquet": {"sha256": _sha(blob), "rows": len(parts[name][0]), "bytes": len(blob)}
        for name, blob in blobs.items()})
    temp = target.with_name(f".{target.name}.partial")
    # Stored, not deflated: Parquet parts are compressed already.
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        for name, blob in blobs.items():
            archive.writestr(f"{name}.parquet", blob)
    os.replace(temp, target)
    return _sha(target.read_bytes())


def read_package(path: str | os.PathLike) -> Package:
    """Read and check a package; ``PackageError`` says what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise refuse(path, Text("文件不存在。", "there is no such file."))
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse(path, Text("不是完整的审核包（文件被截断，或不是 .drgpkg 文件）。",
                                "it is not a whole package (the file is truncated, or is not a .drgpkg).")) from None
    names = set(archive.namelist())
    if MANIFEST not in names:
        raise refuse(path, Text("缺少清单 manifest.json。", "it has no manifest.json."))
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise refuse(path, Text("清单无法读取（{e}）。", "its manifest cannot be read ({e}).").format(e=exc)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("parts"), dict):
        raise refuse(path, Text("清单不是本程序的格式（应为 {f}）。", "its manifest is not in this program's format "
                                "({f}).").format(f=FORMAT))
    listed = set(manifest["parts"])
    if names - listed - {MANIFEST}:
        raise refuse(path, Text("含有清单未列出的部分：{p}。", "it holds parts the manifest does not list: {p}.").format(
            p=", ".join(sorted(names - listed - {MANIFEST}))))
    parts = {}
    for name, expected in sorted(manifest["parts"].items()):
        if name not in names:
            raise refuse(path, Text("清单列出的 {p} 不在包中。", "{p}, listed in the manifest, is missing.").format(p=name))
        try:
            blob = archive.read(name)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a CRC error: the bytes changed
            raise refuse(path, Text("{p} 已损坏（{e}）。", "{p} is damaged ({e}).").format(p=name, e=exc)) from None
        if _sha(blob) != expected.get("sha256"):
            raise refuse(path, Text("{p} 的 SHA-256 与清单不符：内容被改动。",
                                    "{p} does not match its SHA-256 in the manifest: it was changed.").format(p=name))
        rows = pq.read_table(io.BytesIO(blob)).to_pylist()
        if len(rows) != expected.get("rows"):
            raise refuse(path, Text("{p} 的行数与清单不符。", "{p} does not hold the rows the manifest says.").format(p=name))
        parts[name.removesuffix(".parquet")] = rows
    return Package(path, _sha(data), manifest, parts)


def unpack(path: str | os.PathLike, folder: str | os.PathLike) -> list[Path]:
    """Check a package, then write its manifest and Parquet parts into ``folder`` (for DuckDB, Spark)."""
    package = read_package(path)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with zipfile.ZipFile(package.path) as archive:
        for name in [MANIFEST, *sorted(package.manifest["parts"])]:
            target = out / name
            target.write_bytes(archive.read(name))
            written.append(target)
    return written
