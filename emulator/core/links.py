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
    """The response with its link fields on ``base_url``: the parts holding a link
    are copies, the rest (a values read's thousands of cells) is shared with
    ``value``, which is left as it was."""
    if not base_url:
        return value
    return _localise(value, base_url)


def _localise(value, base_url: str):
    """``value`` itself when nothing in it changes, else a copy of the containers
    on the way to each changed link."""
    if isinstance(value, dict):
        out = None
        for key, item in value.items():
            if key in LINK_FIELDS and isinstance(item, str):
                new = on_host(item, base_url)
            elif isinstance(item, (dict, list)):
                new = _localise(item, base_url)
            else:
                continue
            if new is not item:
                if out is None:
                    out = dict(value)
                out[key] = new
        return value if out is None else out
    if isinstance(value, list):
        kinds = set(map(type, value))   # in C: a row of cell values has no containers
        if not any(issubclass(kind, (dict, list)) for kind in kinds):
            return value
        out = None
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)):
                new = _localise(item, base_url)
                if new is not item:
                    if out is None:
                        out = list(value)
                    out[i] = new
        return value if out is None else out
    return value


def on_host(link: str, base_url: str) -> str:
    for host in PEOPLE_HOSTS:
        if link.startswith(host + "/"):
            return base_url.rstrip("/") + link[len(host):]
    return link
