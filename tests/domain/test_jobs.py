"""Progress of a job made of steps rises monotonically; cancel reaches only cancellable steps."""
from __future__ import annotations

import pytest

from workstation.domain.jobs import Cancelled, JobControl


def test_stages_map_progress_into_their_share_of_the_bar():
    seen = []
    control = JobControl(on_progress=lambda f, m: seen.append(round(f, 3)))
    first, second = control.stage(0.0, 0.8), control.stage(0.8, 1.0)
    for fraction in (0.0, 0.5, 1.0):
        first.progress(fraction)
    for fraction in (0.0, 0.5, 1.0):
        second.progress(fraction)
    assert seen == [0.0, 0.4, 0.8, 0.8, 0.9, 1.0]


def test_a_non_cancellable_stage_ignores_the_cancel_button():
    control = JobControl(is_cancelled=lambda: True)
    with pytest.raises(Cancelled):
        control.stage(0, 0.5).check()
    control.stage(0.5, 1.0, cancellable=False).check()  # does not raise
