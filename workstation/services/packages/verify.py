"""Checking a package's audit events against the exporter's chain before they are kept.

The package carries every event's hashes (the chain, no content) and the events of its
applications. The chain must link from the first event to the manifest's head; each carried
event must sit in it at its id, and (unless masked for the journey) its content must hash to it.
"""
from __future__ import annotations

from workstation.domain.messages import Text
from workstation.services.packages.archive import Package, refuse
from workstation.store.audit import GENESIS, event_hash


def verify_package_audit(package: Package) -> None:
    chain = sorted(package.parts["chain"], key=lambda r: r["id"])
    previous = GENESIS
    for link in chain:
        if link["prev_hash"] != previous:
            raise refuse(package.path, Text("审计链在第 {id} 条事件处不连续。",
                                            "its audit chain is broken at event #{id}.").format(id=link["id"]))
        previous = link["hash"]
    if previous != package.head or len(chain) != package.manifest.get("audit_events"):
        raise refuse(package.path, Text("审计链的链头与清单不符。", "its audit chain does not end at the manifest's head."))
    by_id = {link["id"]: link for link in chain}
    for event in package.parts["audit"]:
        found = by_id.get(event["origin_event_id"])
        content_ok = event["masked"] or event_hash(
            event["prev_hash"], event["at"], event["actor"], event["action"], event["entity"], event["entity_id"],
            event["before"], event["after"]) == event["hash"]
        if found is None or found["hash"] != event["hash"] or found["prev_hash"] != event["prev_hash"] or not content_ok:
            raise refuse(package.path, Text("第 {id} 条审计事件与其哈希不符（被改动）。",
                                            "audit event #{id} does not match its hash (changed).").format(
                id=event["origin_event_id"]))
