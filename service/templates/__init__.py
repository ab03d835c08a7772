"""The master Sheet and the Forms as data (sheets_templates/, forms/), and the pure
builders that turn them into Google API requests.

* :func:`load_templates` reads and checks every template file (loader.py, schema.py,
  crossref.py) and returns typed values (model.py).
* :func:`resolve_settings` checks a school's settings against the template (settings.py).
* :func:`sheet_requests` gives the spreadsheets.batchUpdate requests that turn a new
  spreadsheet into the master Sheet (sheet_builder.py).
* :func:`form_requests`, :func:`publish_request` and :func:`prefill_url` build a form
  and its personal links (form_builder.py).

Nothing here performs I/O except reading the template files; nothing imports a Google
client: requests are plain dicts in the REST reference's shape.
"""

from .form_builder import form_requests, prefill_url, publish_request
from .loader import (TemplateError, load_form_template, load_form_templates,
                     load_interview_topics, load_sheet_template, load_templates)
from .model import (Column, FormTemplate, InterviewTopics, Question, SettingSpec, SheetTemplate,
                    Tab, Templates)
from .settings import SettingsError, resolve_settings
from .sheet_builder import advisor_requests, sheet_requests

__all__ = [
    "Column", "FormTemplate", "InterviewTopics", "Question", "SettingSpec", "SettingsError",
    "SheetTemplate", "Tab", "TemplateError", "Templates", "advisor_requests", "form_requests",
    "load_form_template", "load_form_templates", "load_interview_topics", "load_sheet_template",
    "load_templates", "prefill_url", "publish_request", "resolve_settings", "sheet_requests",
]
