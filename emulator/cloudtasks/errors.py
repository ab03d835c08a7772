"""The errors Cloud Tasks answers with, in one place. Its REST front end words the
generic ones like every ESF-fronted API; the de-duplication and queue messages are
the ones Cloud Tasks has been observed to send."""

from __future__ import annotations

from ..core.errors import GoogleApiError

DEDUPLICATION_DOC = ("https://cloud.google.com/tasks/docs/reference/rest/v2/"
                     "projects.locations.queues.tasks/create#body.request_body.FIELDS.task")


def invalid_argument(message: str) -> GoogleApiError:
    return GoogleApiError(400, message, "badRequest", status="INVALID_ARGUMENT")


def not_found() -> GoogleApiError:
    return GoogleApiError(404, "Requested entity was not found.", "notFound")


def already_exists() -> GoogleApiError:
    """A queue, or a task that still exists, of that name."""
    return GoogleApiError(409, "Requested entity already exists", "alreadyExists",
                          status="ALREADY_EXISTS")


def task_name_reserved() -> GoogleApiError:
    """A task of that name was deleted or executed too recently (task de-duplication)."""
    return GoogleApiError(409, "The task cannot be created because a task with this name "
                          f"existed too recently. For more information about task "
                          f"de-duplication see {DEDUPLICATION_DOC}.", "alreadyExists",
                          status="ALREADY_EXISTS")


def failed_precondition(message: str) -> GoogleApiError:
    return GoogleApiError(400, message, "failedPrecondition", status="FAILED_PRECONDITION")


def queue_does_not_exist(existed_recently: bool) -> GoogleApiError:
    if existed_recently:
        return failed_precondition("The queue no longer exists, though a queue with this "
                                   "name existed recently.")
    return failed_precondition("Queue does not exist.")
