"""Structured logs for Cloud Logging: one JSON object a line on stdout.

On App Engine, a line of JSON written to stdout becomes a structured log entry
(https://cloud.google.com/logging/docs/structured-logging): ``severity`` and
``message`` are the entry's, ``logging.googleapis.com/trace``
(``projects/PROJECT/traces/TRACE_ID``) groups it under the request that wrote
it, and every other field lands in ``jsonPayload``. The trace comes from the
request's ``X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS`` header; the
project from ``GOOGLE_CLOUD_PROJECT`` (set on App Engine) or CAS_TASKS_QUEUE_PARENT.

    log("INFO", "sync done", cohort="2026-2028", trigger="push", apiCalls={...})

Each sync leaves one summary entry (its cohort, trigger, counts and API calls);
an error keeps Google's reason, status and method (``error_fields``).
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import sys

LOGGER = "cas"
TRACE_HEADER = "X-Cloud-Trace-Context"
_TRACE = re.compile(r"^([0-9a-fA-F]{1,32})(?:/(\d+))?")
_LEVELS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "NOTICE": logging.INFO + 5,
           "WARNING": logging.WARNING, "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}
logging.addLevelName(logging.INFO + 5, "NOTICE")


class _Stdout(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is now (a test may have replaced it)."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):
        pass


class CloudLoggingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "message": record.getMessage(),
                 "time": datetime.datetime.fromtimestamp(
                     record.created, datetime.timezone.utc).isoformat().replace("+00:00", "Z"),
                 "logger": record.name}
        entry.update(_trace_fields())
        entry.update(getattr(record, "cas", None) or {})
        if record.exc_info:
            entry["stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def setup() -> logging.Logger:
    """The ``cas`` logger, writing Cloud Logging's JSON to stdout (once)."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _Stdout) for h in logger.handlers):
        handler = _Stdout()
        handler.setFormatter(CloudLoggingFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log(severity: str, message: str, exc_info=None, **fields) -> None:
    logging.getLogger(LOGGER).log(_LEVELS.get(severity, logging.INFO), message,
                                  exc_info=exc_info, extra={"cas": fields})


def error_fields(err: Exception) -> dict:
    """Google's reason, status and method of a WorkspaceError; the type otherwise."""
    fields = {"error": str(err), "errorType": type(err).__name__}
    for name in ("reason", "status", "method"):
        if getattr(err, name, None) not in (None, ""):
            fields[f"google{name.capitalize()}"] = getattr(err, name)
    return fields


def _trace_fields() -> dict:
    try:
        from flask import current_app, has_request_context, request
    except ImportError:  # pragma: no cover
        return {}
    if not has_request_context():
        return {}
    match = _TRACE.match(request.headers.get(TRACE_HEADER, ""))
    project = _project(current_app.config.get("CAS"))
    if not match or not project:
        return {}
    fields = {"logging.googleapis.com/trace": f"projects/{project}/traces/{match.group(1)}"}
    if match.group(2):
        # The header's span ID is decimal; the LogEntry field is 16 hexadecimal characters.
        fields["logging.googleapis.com/spanId"] = f"{int(match.group(2)) % 2**64:016x}"
    return fields


def _project(config) -> str:
    project = os.environ.get("GOOGLE_CLOUD_PROJECT", "")
    if not project and config is not None and config.tasks_queue_parent:
        project = config.tasks_queue_parent.split("/")[1]
    return project
