"""Reports as PDF bytes, for the GUI's preview and printing: plain job functions
(``fn(control, db, ...)``) the JobRunner runs on the writer thread, as the first printing of a
notice issues its number (a write)."""
from __future__ import annotations

import io

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.reports.minutes import write_minutes
from workstation.reports.notice import write_notice
from workstation.reports.period import write_period_report
from workstation.services.context import Actor
from workstation.services.minutes import review_minutes
from workstation.services.notices import issue_notice, latest_signed_decision
from workstation.services.period_report import choose_periods, period_report
from workstation.services.report_settings import report_settings


def notice_pdf(control: JobControl, db: Database, actor: Actor, application_id: int, lang: str) -> bytes:
    notice = issue_notice(db, actor, latest_signed_decision(db, application_id))
    control.progress(0.5)
    out = io.BytesIO()
    write_notice(notice, out, lang=lang)
    return out.getvalue()


def summary_pdf(control: JobControl, db: Database, period: str | None, lang: str) -> bytes:
    report = period_report(db, choose_periods(db, period or None))
    control.progress(0.5)
    out = io.BytesIO()
    write_period_report(report, report_settings(db), out, lang=lang)
    return out.getvalue()


def minutes_pdf(control: JobControl, db: Database, cycle: str, lang: str) -> bytes:
    minutes = review_minutes(db, cycle)
    control.progress(0.5)
    out = io.BytesIO()
    write_minutes(minutes, report_settings(db), out, lang=lang)
    return out.getvalue()
