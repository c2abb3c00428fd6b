"""Reports as PDF bytes, for the GUI's preview and printing, and issuing a notice from the GUI:
plain job functions (``fn(control, db, ...)``) the JobRunner runs off the GUI thread.

A notice's preview is a draft (样稿, no number) and takes nothing; issuing is ``issue_notice_file``,
its own action, writing the PDF before the number is committed, as on the command line."""
from __future__ import annotations

import io
from dataclasses import replace

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.reports.minutes import write_minutes
from workstation.reports.notice import write_notice
from workstation.reports.period import write_period_report
from workstation.reports.signing import SigningKey
from workstation.services.audit_trail import short_head
from workstation.services.context import Actor
from workstation.services.minutes import review_minutes
from workstation.services.notices import issue_notice, latest_signed_decision, preview_notice
from workstation.services.period_report import choose_periods, period_report
from workstation.services.report_settings import report_settings


def notice_pdf(control: JobControl, db: Database, application_id: int, lang: str) -> bytes:
    """The draft of the application's current notice (an issued one drawn as a draft too)."""
    notice = preview_notice(db, latest_signed_decision(db, application_id))
    control.progress(0.5)
    out = io.BytesIO()
    write_notice(replace(notice, draft=True, notice_no=""), out, lang=lang)  # a preview never carries a number
    return out.getvalue()


def issue_notice_file(control: JobControl, db: Database, actor: Actor, application_id: int, lang: str, path: str,
                      key: SigningKey | None = None) -> str:
    """Issue (or reprint) the application's notice to ``path``; returns its number."""
    from workstation.reports.batch import notice_writer

    notice = issue_notice(db, actor, latest_signed_decision(db, application_id),
                          write=notice_writer(path, lang=lang, key=key))
    control.progress(1.0)
    return notice.notice_no


def summary_pdf(control: JobControl, db: Database, period: str | None, lang: str) -> bytes:
    report = period_report(db, choose_periods(db, period or None))
    control.progress(0.5)
    out = io.BytesIO()
    write_period_report(report, report_settings(db), out, lang=lang, audit_head=short_head(db))
    return out.getvalue()


def minutes_pdf(control: JobControl, db: Database, cycle: str, lang: str) -> bytes:
    minutes = review_minutes(db, cycle)
    control.progress(0.5)
    out = io.BytesIO()
    write_minutes(minutes, report_settings(db), out, lang=lang, audit_head=short_head(db))
    return out.getvalue()
