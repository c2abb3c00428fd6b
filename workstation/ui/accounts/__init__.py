"""Accounts in the GUI: signing in, the first start's administrator, user management, the
expert pool and the audit trail's head. Everything is read and written through
``workstation.services`` (accounts, experts, audit_trail), as the command line does."""
