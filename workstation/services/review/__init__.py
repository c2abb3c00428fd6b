"""The special-case workflow's services: the steps (`steps`), negotiation and decisions
(`decisions`) and what a screen shows of an application (`view`). The steps are the
package's public entry points, so callers write ``review.accept(db, actor, id)``."""
from workstation.services.review.steps import (
    ENTITY,
    QuotaUse,
    accept,
    application,
    conclude,
    current_tally,
    declare_conflict,
    draw_experts,
    members,
    policy_of,
    quota_use,
    refuse,
    replay_draw,
    resubmit,
    return_for_supplement,
    vote,
)

__all__ = [
    "ENTITY",
    "policy_of",
    "application",
    "QuotaUse",
    "quota_use",
    "accept",
    "return_for_supplement",
    "resubmit",
    "refuse",
    "members",
    "draw_experts",
    "replay_draw",
    "declare_conflict",
    "vote",
    "current_tally",
    "conclude",
]
