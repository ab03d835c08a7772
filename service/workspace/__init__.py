"""The only place that talks to Google: one thin gateway per API on
google-api-python-client (Drive, Forms, Classroom, Gmail) and gspread (Sheets),
with credentials, endpoints (Google or the local emulator), retries and call counts."""
