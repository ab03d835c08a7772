"""Forms watches: how a submission reaches the Sheet in seconds.

Each live cohort's four Forms carry a RESPONSES watch that publishes to the
Pub/Sub topic CAS_PUSH_TOPIC, whose push subscription calls ``/push/forms``
(https://developers.google.com/forms/api/guides/push-notifications). A watch
lives seven days and then is gone; a watch whose creator lost access to the
form is SUSPENDED until renewed. So once a day (``GET /tasks/watches``) each
form's watches are listed (forms.watches.list, one call a form) and:

- none of ours (RESPONSES): one is created;
- one on another topic (CAS_PUSH_TOPIC changed): deleted and made again;
- one expiring within two days, or SUSPENDED: renewed;
- otherwise left alone.

Watches "can be dropped or delayed" (the guide), so the 15-minute cron stays
as the safety net. What was found and done is written, one line, in the
cohort's Settings tab (key ``form_watches``; the row is added when the Sheet
lacks it), where the coordinator can see that notifications are on.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..cohorts import Cohort
from ..provision.cohort import SETTINGS_RANGE
from ..provision.folders import parse_time
from ..workspace import WorkspaceError

EVENT = "RESPONSES"
RENEW_WITHIN = datetime.timedelta(days=2)
SETTING = "form_watches"
SETTING_NOTE = ("Recorded by the service: the notifications each form sends when someone "
                "submits it, so that the answer reaches this Sheet in seconds. Renewed "
                "daily; leave it alone.")


@dataclasses.dataclass
class WatchReport:
    cohort: str
    created: list[str] = dataclasses.field(default_factory=list)
    renewed: list[str] = dataclasses.field(default_factory=list)
    kept: list[str] = dataclasses.field(default_factory=list)
    failed: dict[str, str] = dataclasses.field(default_factory=dict)
    states: dict[str, str] = dataclasses.field(default_factory=dict)  # form key -> state line
    recorded: str = ""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def keep_watches(workspace, config, cohort: Cohort, *, now: datetime.datetime) -> WatchReport:
    """Create, renew or keep the RESPONSES watch of each of the cohort's Forms, then
    record their state in its Settings. A form that fails is reported; the others
    go on."""
    report = WatchReport(cohort.name)
    forms = workspace.forms
    for key, form_id in sorted(cohort.forms.items()):
        try:
            watch = _keep(forms, form_id, config.push_topic, now, key, report)
        except WorkspaceError as err:
            report.failed[key] = str(err)
            report.states[key] = f"{key}: not watched ({err.reason or err.status})"
            continue
        report.states[key] = (f"{key}: {watch.get('state', '?')} until "
                              f"{_short(watch.get('expireTime', ''))}")
    if cohort.sheet_id:
        try:
            report.recorded = record(workspace.sheets, cohort.sheet_id, report, now)
        except WorkspaceError as err:
            report.failed["Settings"] = str(err)
    return report


def _keep(forms, form_id: str, topic: str, now: datetime.datetime, key: str,
          report: WatchReport) -> dict:
    ours = [w for w in forms.watches(form_id) if w.get("eventType") == EVENT]
    if ours:
        watch = ours[0]
        if (watch.get("target") or {}).get("topic", {}).get("topicName") != topic:
            forms.delete_watch(form_id, watch["id"])
        else:
            expires = parse_time(watch.get("expireTime"))
            if watch.get("state") != "ACTIVE" or expires is None or expires - now < RENEW_WITHIN:
                report.renewed.append(key)
                return forms.renew_watch(form_id, watch["id"])
            report.kept.append(key)
            return watch
    report.created.append(key)
    return forms.create_watch(form_id, topic, EVENT)


def record(sheets, sheet_id: str, report: WatchReport, now: datetime.datetime) -> str:
    """The state line in the Settings tab's ``form_watches`` row (one read, one write)."""
    line = "; ".join(report.states[k] for k in sorted(report.states)) + \
        f" (checked {now.astimezone(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC)"
    rows = sheets.values_batch_get(sheet_id, [SETTINGS_RANGE])[0].get("values", [])
    for offset, row in enumerate(rows):
        if row and str(row[0]).strip() == SETTING:
            sheets.values_batch_update(sheet_id, [{"range": f"Settings!B{offset + 2}",
                                                   "values": [[line]]}])
            return line
    sheets.values_append(sheet_id, "Settings!A:C", [[SETTING, line, SETTING_NOTE]])
    return line


def _short(value: str) -> str:
    moment = parse_time(value)
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else (value or "?")
