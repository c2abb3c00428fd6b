"""The special-case review workflow (特例单议): states and steps, the expert panel,
review cycles and deadlines, quotas and the settlement of a decided case.

Pure domain: no Qt, no database. The services record each step with its audit
event; the GUI and the command line ask ``workflow.legal_steps`` what to offer.
"""
