"""Handlers of the forms API, by discovery method ID."""
