"""Links for people: handlers write Google's own URLs (docs.google.com/spreadsheets/d/ID/edit,
drive.google.com/drive/folders/ID, classroom.google.com/c/ID...), exactly as Google
returns them; on the way out the emulator points the host of those link fields at
itself, where its pages for people serve the same paths. So a link the service
writes into a Sheet opens in a browser against the emulator, and against Google in
production. Only the resources' link fields change: text a person wrote that
happens to hold a Google link is returned as it was written."""

from __future__ import annotations

PEOPLE_HOSTS = ("https://docs.google.com", "https://drive.google.com",
                "https://classroom.google.com", "https://mail.google.com")

# The fields of Drive, Sheets, Forms and Classroom resources that hold such links.
LINK_FIELDS = {"webViewLink", "webContentLink", "alternateLink", "spreadsheetUrl", "responderUri"}


def localise(value, base_url: str | None):
    """A copy of a response with its link fields on ``base_url``."""
    if not base_url:
        return value
    if isinstance(value, list):
        return [localise(v, base_url) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in LINK_FIELDS and isinstance(item, str):
            item = on_host(item, base_url)
        out[key] = localise(item, base_url)
    return out


def on_host(link: str, base_url: str) -> str:
    for host in PEOPLE_HOSTS:
        if link.startswith(host + "/"):
            return base_url.rstrip("/") + link[len(host):]
    return link
