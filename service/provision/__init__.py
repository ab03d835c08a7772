"""Provisioning a cohort in Google Workspace: ``cas setup`` (the Drive folders, the
master Sheet and the four Forms), ``cas roster import`` (the Students tab) and
``cas provision`` (each student's folder and links, the welcome announcement).

Every object the service creates carries Drive ``appProperties`` ``casKind``,
``casId`` and ``casCohort`` (DESIGN.md §3), so each step starts with one Drive
listing of the cohort's objects and creates only what it does not find.
"""

from .cohort import CohortObjects, find_cohort, read_settings
from .provision import ProvisionResult, provision
from .roster_import import ImportResult, import_roster
from .setup import SetupOptions, SetupResult, run_setup
from .students import SetupNeeded

__all__ = ["CohortObjects", "ImportResult", "ProvisionResult", "SetupNeeded", "SetupOptions",
           "SetupResult", "find_cohort", "import_roster", "provision", "read_settings",
           "run_setup"]
