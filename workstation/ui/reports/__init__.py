"""The reports page: preview, print, and a period's notices as a job."""
