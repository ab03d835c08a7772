"""The service running itself (DESIGN.md §8): what the cron, the Cloud Tasks
queues and the Forms' push notifications start, as plain functions that
service/web/ (thin blueprints) and the ``cas`` command both call.

- ``syncs.py``: a cron round enqueues one sync task per live cohort, named by
  cohort and quarter hour; a push enqueues a debounced one, named by cohort and
  a 20-second window; a task runs one cohort's sync.
- ``watches.py``: each live cohort's Forms watched for new responses, the
  watches renewed before they expire, their state in the cohort's Settings.
- ``provisioning.py``: provisioning a large cohort in chunks of students, each
  chunk a task that enqueues the next.
- ``names.py``: the queues, task names and task URLs.
"""
