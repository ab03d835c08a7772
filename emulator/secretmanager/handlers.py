"""Handlers of the Secret Manager API, by discovery method ID: thin, the store does the work."""

from __future__ import annotations

from ..core.call import Call, handles


def _store(call: Call):
    return call.world.secretmanager


@handles("secretmanager.projects.secrets.create")
def secrets_create(call: Call):
    return _store(call).projects_secrets_create(call.param("parent"), call.param("secretId"),
                                                call.body or {})


@handles("secretmanager.projects.secrets.get")
def secrets_get(call: Call):
    return _store(call).projects_secrets_get(call.param("name"))


@handles("secretmanager.projects.secrets.addVersion")
def secrets_add_version(call: Call):
    return _store(call).projects_secrets_addVersion(call.param("parent"), call.body or {})


@handles("secretmanager.projects.secrets.versions.get")
def versions_get(call: Call):
    return _store(call).projects_secrets_versions_get(call.param("name"))


@handles("secretmanager.projects.secrets.versions.access")
def versions_access(call: Call):
    return _store(call).projects_secrets_versions_access(call.param("name"))


@handles("secretmanager.projects.secrets.versions.disable")
def versions_disable(call: Call):
    return _store(call).projects_secrets_versions_disable(call.param("name"))
