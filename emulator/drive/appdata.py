"""The application data folder: the ``appDataFolder`` alias and space.

https://developers.google.com/workspace/drive/api/guides/appdata
"The application data folder is a special hidden folder that your app can use to
store application-specific data ... automatically created when you attempt to create
a file in it ... only accessible by your app and its contents are hidden from the
user and from other Google Drive apps." Files go there with ``parents:
['appDataFolder']``, are listed with ``spaces=appDataFolder`` (and never in the
``drive`` space), and ``appDataFolder`` names the folder itself (files.get).

The guide's constraints, each a 403 ``notSupportedForAppDataFolderFiles``: its files
cannot be shared ("Method not supported for files within the Application Data
folder."), moved between spaces (the same message) or trashed ("Files within the
Application Data folder cannot be trashed.").

The emulator has no app identity (every caller is the one app): one folder per user,
made on first use, owned by them and never shared, so no one else sees its files.
"""

from __future__ import annotations

from ..core import clock
from ..core.errors import forbidden
from .common import FOLDER, new_id, new_permission

ALIAS = "appDataFolder"
SPACE = "appDataFolder"
NOT_SUPPORTED = "Method not supported for files within the Application Data folder."
NOT_TRASHABLE = "Files within the Application Data folder cannot be trashed."


def not_supported(message: str = NOT_SUPPORTED):
    return forbidden(message, "notSupportedForAppDataFolderFiles")


class AppDataMixin:
    """The app data folders of the Drive store (``self.app_data``: user -> folder ID)."""

    def app_data_of(self, user: str) -> str:
        """The user's application data folder, made on first use ("automatically
        created when you attempt to create a file in it"). Like My Drive's root it
        is never listed (``isRoot``) and never renamed, trashed or deleted."""
        folder = self.app_data.get(user)
        if folder is None:
            folder = new_id()
            t = clock.stamp()
            self.files[folder] = {"kind": "drive#file", "id": folder, "name": "Application Data",
                                  "mimeType": FOLDER, "parents": [], "trashed": False,
                                  "explicitlyTrashed": False, "createdTime": t, "modifiedTime": t,
                                  "version": "1", "isRoot": True, "_appData": True}
            self.permissions[folder] = [new_permission("user", "owner", user)]
            self.app_data[user] = folder
        return folder

    def space_of(self, file_id: str) -> str:
        """``appDataFolder`` for the folder and what is below it, else ``drive``."""
        if not self.app_data:  # nobody has one: spare listings the walk up
            return "drive"
        return SPACE if any(self.files[a].get("_appData") for a in self.ancestors(file_id)) \
            else "drive"

    def refuse_in_app_data(self, file_id: str, message: str = NOT_SUPPORTED) -> None:
        if self.space_of(file_id) == SPACE:
            raise not_supported(message)

    def refuse_move_between_spaces(self, file_id: str, new_parents: list[str]) -> None:
        """"Files in the appDataFolder can't be moved between storage locations (spaces)"."""
        here = self.space_of(file_id)
        if any(self.space_of(p) != here for p in new_parents):
            raise not_supported()
