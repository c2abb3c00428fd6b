"""Expert panel sessions (专家评审会): planning (`sessions`), the room (`room`), the blinded
content of an item (`blinded`), an expert's own desk (`desk`) and the minutes' data (`minutes`)."""
from workstation.services.panel.room import (
    close_session,
    declare_in_room,
    settle,
    settle_item,
    start_item,
    top_up,
    vote_in_room,
    votes_in_room,
)
from workstation.services.panel.sessions import (
    SessionView,
    add_items,
    list_sessions,
    load_session,
    minutes_per_item,
    new_session,
    order_items,
    set_absent,
    set_summary,
)

__all__ = [
    "SessionView", "new_session", "add_items", "order_items", "set_absent", "set_summary", "list_sessions",
    "load_session", "minutes_per_item", "start_item", "vote_in_room", "declare_in_room", "top_up", "settle",
    "settle_item", "close_session", "votes_in_room",
]
