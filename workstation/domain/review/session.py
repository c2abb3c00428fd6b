"""An expert panel session's rules of the room: who leaves for an item, whether an item has a
quorum, and when its voting is over. Plain data in, plain answers out (no store, no Qt).

An item is one application on the agenda. The experts invited are the members of the agenda's
panels; an invited expert affiliated with the item's hospital, or with a declared conflict for
it, leaves the room for that item (HotCRP hides a conflicted paper from its member the same way).
The item has a quorum when at least the rules' panel size of its panel members are present and
not recused; its voting is over when each of those has voted.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from workstation.domain.messages import Text
from workstation.domain.review.panel import AFFILIATED, CONFLICT

RECUSAL_NAMES = {
    AFFILIATED: Text("与申报医院有关联", "affiliated with the applying hospital"),
    CONFLICT: Text("声明利益冲突", "declared a conflict of interest"),
}


@dataclass(frozen=True)
class Member:
    """A panel member of the item's review round, as the room sees them."""

    expert_id: int
    recused: bool  # recused on the panel itself (a declared conflict after the draw)
    voted: bool


@dataclass(frozen=True)
class ItemRoom:
    recused: dict[int, str]  # invited expert id -> AFFILIATED | CONFLICT: leaves the room for the item
    voters: tuple[int, ...]  # panel members present and not recused, in panel order
    absent_members: tuple[int, ...]  # panel members not in the room
    quorum: bool
    votes_in: bool  # every voter has voted

    def reason(self, size: int) -> Text:
        if self.quorum:
            return Text("", "")
        return Text(f"在场且无需回避的评审组成员只有 {len(self.voters)} 位，少于规则要求的 {size} 位：须补抽专家。",
                    f"only {len(self.voters)} panel members are present and not recused, fewer than the "
                    f"{size} the rules ask for: a top-up draw is needed")


def recusals(invited: Mapping[int, frozenset[str]], hospital_code: str, conflicts: Iterable[int],
             recused_members: Iterable[int] = ()) -> dict[int, str]:
    """Which invited experts leave the room for an item of ``hospital_code``, and why.
    ``invited``: expert id -> affiliated hospital codes."""
    conflicts = set(conflicts) | set(recused_members)
    out: dict[int, str] = {}
    for expert_id, hospitals in sorted(invited.items()):
        if hospital_code in hospitals:
            out[expert_id] = AFFILIATED
        elif expert_id in conflicts:
            out[expert_id] = CONFLICT
    return out


def item_room(members: Iterable[Member], invited: Mapping[int, frozenset[str]], absent: Iterable[int],
              hospital_code: str, conflicts: Iterable[int], panel_size: int) -> ItemRoom:
    members = tuple(members)
    absent = set(absent)
    recused = recusals(invited, hospital_code, conflicts, (m.expert_id for m in members if m.recused))
    # A member absent from the session whose vote is already in (a signed form entered before the
    # day) still counts: the vote stands, so the item has that member for its quorum and needs no
    # top-up (which the review service refuses for a member who voted).
    voters = tuple(m for m in members if (m.expert_id not in absent or m.voted) and m.expert_id not in recused)
    return ItemRoom(
        recused=recused, voters=tuple(m.expert_id for m in voters),
        absent_members=tuple(m.expert_id for m in members if m.expert_id in absent and not m.voted),
        quorum=len(voters) >= panel_size,
        votes_in=bool(voters) and all(m.voted for m in voters))
