"""The expert panel: a replayable random draw with recusals, and the vote count.

The draw is ``random.Random(seed).sample`` over the eligible experts in id
order; the seed and the pool (every active expert at the time, and why each
left out was left out) are recorded, so anyone can replay the draw from the
record and see that it was not chosen by hand.
"""
from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from workstation.domain.messages import Text, UserError, named_choice


class Vote(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    ABSTAIN = "abstain"


VOTE_NAMES = {Vote.SUPPORT: Text("同意", "support"), Vote.OPPOSE: Text("不同意", "oppose"),
              Vote.ABSTAIN: Text("弃权", "abstain")}


def parse_vote(text: str) -> Vote:
    vote = named_choice(text, VOTE_NAMES)
    if vote is not None:
        return vote
    raise UserError(f"未知的意见 {text!r}：应为 support（同意）、oppose（不同意）或 abstain（弃权）。",
                    f"Unknown vote {text!r}: use support, oppose or abstain.")


@dataclass(frozen=True)
class PoolExpert:
    id: int
    name: str
    hospital_codes: frozenset[str] = frozenset()
    active: bool = True


# Why an expert of the pool could not be drawn (kept with the draw).
AFFILIATED, CONFLICT, INACTIVE, ALREADY_DRAWN = "affiliated", "conflict", "inactive", "already_drawn"
EXCLUSION_NAMES = {
    AFFILIATED: Text("与申报医院有关联", "affiliated with the applying hospital"),
    CONFLICT: Text("声明利益冲突", "declared a conflict of interest"),
    INACTIVE: Text("已停用", "inactive"),
    ALREADY_DRAWN: Text("已在本案评审组", "already on this panel"),
}


@dataclass(frozen=True)
class Draw:
    seed: str
    size: int
    eligible: tuple[int, ...]  # expert ids, ascending: the population sampled
    excluded: dict[int, str] = field(default_factory=dict)  # expert id -> reason code
    drawn: tuple[int, ...] = ()


def new_seed() -> str:
    return secrets.token_hex(8)


def draw_panel(pool: Iterable[PoolExpert], hospital_code: str, size: int, *, seed: str,
               conflicts: Iterable[int] = (), already: Iterable[int] = ()) -> Draw:
    """Draw ``size`` experts, leaving out those affiliated with the hospital, with a declared
    conflict, inactive, or already drawn for this application."""
    conflicts, already = set(conflicts), set(already)
    eligible, excluded = [], {}
    for expert in sorted(pool, key=lambda e: e.id):
        if not expert.active:
            excluded[expert.id] = INACTIVE
        elif expert.id in already:
            excluded[expert.id] = ALREADY_DRAWN
        elif hospital_code in expert.hospital_codes:
            excluded[expert.id] = AFFILIATED
        elif expert.id in conflicts:
            excluded[expert.id] = CONFLICT
        else:
            eligible.append(expert.id)
    if size < 1:
        raise UserError("至少要抽取 1 位专家。", "Draw at least one expert.")
    if len(eligible) < size:
        raise UserError(
            f"专家库中可抽取的专家只有 {len(eligible)} 位（已排除关联、回避、停用的专家），不足 {size} 位："
            "请管理员在专家库中增加专家后再抽取。",
            f"Only {len(eligible)} experts can be drawn (after leaving out affiliated, recused and inactive "
            f"ones), fewer than {size}: ask the administrator to add experts to the pool, then draw again.")
    drawn = tuple(random.Random(seed).sample(eligible, size))
    return Draw(seed=seed, size=size, eligible=tuple(eligible), excluded=excluded, drawn=drawn)


def replay(draw: Draw) -> tuple[int, ...]:
    """The experts the recorded seed and pool give: equal to ``draw.drawn`` for a fair draw."""
    return tuple(random.Random(draw.seed).sample(list(draw.eligible), draw.size))


class Outcome(StrEnum):
    SUPPORTED = "supported"
    OPPOSED = "opposed"
    PENDING = "pending"  # votes missing
    NO_MAJORITY = "no_majority"  # all voted, neither side has the majority (a tie, abstentions)
    TOO_FEW = "too_few"  # fewer panel members than the rules ask for (recusals after the draw)


@dataclass(frozen=True)
class Tally:
    outcome: Outcome
    members: int
    support: int
    oppose: int
    abstain: int
    missing: tuple[int, ...]
    reason: Text

    @property
    def decided(self) -> bool:
        return self.outcome in (Outcome.SUPPORTED, Outcome.OPPOSED)


def tally(members: Iterable[int], votes: Mapping[int, Vote | str], *, majority_share: Fraction,
          min_members: int) -> Tally:
    """Count the panel's votes. A side carries only with more than ``majority_share`` of the
    members and only once every member has voted: a tie or a missing vote decides nothing."""
    members = tuple(members)
    cast = {m: Vote(votes[m]) for m in members if m in votes}
    support = sum(v == Vote.SUPPORT for v in cast.values())
    oppose = sum(v == Vote.OPPOSE for v in cast.values())
    abstain = sum(v == Vote.ABSTAIN for v in cast.values())
    missing = tuple(m for m in members if m not in cast)
    n = len(members)
    counts = (n, support, oppose, abstain, missing)
    if n < min_members:
        return Tally(Outcome.TOO_FEW, *counts, Text(
            f"评审组只有 {n} 位专家，少于规则要求的 {min_members} 位：请补抽专家。",
            f"The panel has {n} experts, fewer than the {min_members} the rules ask for: draw more experts."))
    if missing:
        return Tally(Outcome.PENDING, *counts, Text(
            f"还有 {len(missing)} 位专家未表决，评审继续。",
            f"{len(missing)} of {n} experts have not voted yet: the review stays open."))
    needed = majority_share * n
    if support > needed:
        return Tally(Outcome.SUPPORTED, *counts, Text(
            f"同意 {support} 票、不同意 {oppose} 票、弃权 {abstain} 票（共 {n} 位），同意票过半，评审通过。",
            f"{support} support, {oppose} oppose, {abstain} abstain of {n}: the panel supports the application."))
    if oppose > needed:
        return Tally(Outcome.OPPOSED, *counts, Text(
            f"同意 {support} 票、不同意 {oppose} 票、弃权 {abstain} 票（共 {n} 位），不同意票过半，评审不通过。",
            f"{support} support, {oppose} oppose, {abstain} abstain of {n}: the panel opposes the application."))
    return Tally(Outcome.NO_MAJORITY, *counts, Text(
        f"同意 {support} 票、不同意 {oppose} 票、弃权 {abstain} 票（共 {n} 位），均未过半：评审继续，请补抽专家或重新表决。",
        f"{support} support, {oppose} oppose, {abstain} abstain of {n}: no side has the majority. The review "
        "stays open: draw another expert or vote again."))
