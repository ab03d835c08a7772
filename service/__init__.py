"""CAS Workspace: run IB CAS on Google Workspace.

The service provisions a cohort's Drive folders, master Sheet and Forms, keeps
them in sync and computes every student's completion status (DESIGN.md).
"""
