"""Handlers of the classroom API, by discovery method ID."""
