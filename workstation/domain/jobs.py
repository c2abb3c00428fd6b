"""Progress and cancellation for long jobs, with no Qt: a job is a plain function
that takes a ``JobControl``; the GUI wires it to a progress bar and a cancel
button, the CLI to a line on stderr, tests to nothing."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class Cancelled(Exception):
    """The user cancelled the job; whatever it wrote has been rolled back."""


def _ignore(_fraction: float, _message: str) -> None:
    return None


@dataclass
class JobControl:
    on_progress: Callable[[float, str], None] = field(default=_ignore)
    is_cancelled: Callable[[], bool] = field(default=lambda: False)

    def progress(self, fraction: float, message: str = "") -> None:
        self.on_progress(max(0.0, min(1.0, fraction)), message)

    def stage(self, start: float, end: float, *, cancellable: bool = True) -> JobControl:
        """A control for one step of a longer job: its 0..1 maps onto start..end of this one.

        A step that must run to the end once an earlier step has committed (bringing
        derived results up to date after an import) is given ``cancellable=False``.
        """
        return JobControl(
            on_progress=lambda fraction, message: self.progress(start + (end - start) * fraction, message),
            is_cancelled=self.is_cancelled if cancellable else (lambda: False))

    def check(self) -> None:
        """Raise ``Cancelled`` when the user asked to stop."""
        if self.is_cancelled():
            raise Cancelled()


NO_CONTROL = JobControl()
