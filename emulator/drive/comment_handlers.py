"""Drive v3 ``comments`` handlers, one per discovery method ID (store side: ``comments``).

"For all methods (excluding delete) on the comments resource, you must set the
fields system parameter ... If you omit the fields parameter, the method returns an
error" (https://developers.google.com/workspace/drive/api/guides/manage-comments).
The adapter applies the mask.
"""

from __future__ import annotations

from ..core.call import handles
from ..core.errors import bad_request
from .comments import comment_resource


def _fields_required(call) -> None:
    if not call.param("fields"):
        raise bad_request("The 'fields' parameter is required for this method.", "required",
                          location="fields", location_type="parameter")


@handles("drive.comments.create")
def comments_create(call):
    _fields_required(call)
    comment = call.world.drive.comments_create(call.user, call.params["fileId"], call.body or {})
    return comment_resource(comment, call.user)


@handles("drive.comments.list")
def comments_list(call):
    _fields_required(call)
    answer = call.world.drive.comments_list(
        call.user, call.params["fileId"], call.param("pageSize"), call.param("pageToken"),
        call.param("includeDeleted", False), call.param("startModifiedTime"))
    answer["comments"] = [comment_resource(c, call.user) for c in answer["comments"]]
    return answer


@handles("drive.comments.get")
def comments_get(call):
    _fields_required(call)
    comment = call.world.drive.comments_get(call.user, call.params["fileId"],
                                            call.params["commentId"],
                                            call.param("includeDeleted", False))
    return comment_resource(comment, call.user)


@handles("drive.comments.delete")
def comments_delete(call):
    call.world.drive.comments_delete(call.user, call.params["fileId"], call.params["commentId"])
