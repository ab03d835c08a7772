"""Handlers of the gmail API, by discovery method ID."""
