"""Handlers of the Cloud Tasks API, by discovery method ID: thin, the store does the work."""

from __future__ import annotations

from ..core.call import Call, handles


def _store(call: Call):
    return call.world.cloudtasks


@handles("cloudtasks.projects.locations.queues.create")
def queues_create(call: Call):
    return _store(call).projects_locations_queues_create(call.param("parent"), call.body or {})


@handles("cloudtasks.projects.locations.queues.get")
def queues_get(call: Call):
    return _store(call).projects_locations_queues_get(call.param("name"))


@handles("cloudtasks.projects.locations.queues.list")
def queues_list(call: Call):
    return _store(call).projects_locations_queues_list(call.param("parent"), call.param("filter"),
                                                       call.param("pageSize"), call.param("pageToken"))


@handles("cloudtasks.projects.locations.queues.patch")
def queues_patch(call: Call):
    return _store(call).projects_locations_queues_patch(call.param("name"), call.body or {},
                                                        call.param("updateMask"))


@handles("cloudtasks.projects.locations.queues.delete")
def queues_delete(call: Call):
    return _store(call).projects_locations_queues_delete(call.param("name"))


@handles("cloudtasks.projects.locations.queues.pause")
def queues_pause(call: Call):
    return _store(call).projects_locations_queues_pause(call.param("name"))


@handles("cloudtasks.projects.locations.queues.resume")
def queues_resume(call: Call):
    return _store(call).projects_locations_queues_resume(call.param("name"))


@handles("cloudtasks.projects.locations.queues.purge")
def queues_purge(call: Call):
    return _store(call).projects_locations_queues_purge(call.param("name"))


@handles("cloudtasks.projects.locations.queues.tasks.create")
def tasks_create(call: Call):
    return _store(call).projects_locations_queues_tasks_create(call.param("parent"), call.body or {})


@handles("cloudtasks.projects.locations.queues.tasks.get")
def tasks_get(call: Call):
    return _store(call).projects_locations_queues_tasks_get(call.param("name"), call.param("responseView"))


@handles("cloudtasks.projects.locations.queues.tasks.list")
def tasks_list(call: Call):
    return _store(call).projects_locations_queues_tasks_list(
        call.param("parent"), call.param("responseView"), call.param("pageSize"), call.param("pageToken"))


@handles("cloudtasks.projects.locations.queues.tasks.delete")
def tasks_delete(call: Call):
    return _store(call).projects_locations_queues_tasks_delete(call.param("name"))


@handles("cloudtasks.projects.locations.queues.tasks.run")
def tasks_run(call: Call):
    return _store(call).projects_locations_queues_tasks_run(call.param("name"),
                                                            (call.body or {}).get("responseView"))
