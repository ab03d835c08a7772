"""Sheets v4: spreadsheets, values, batchUpdate requests and developer metadata.

A spreadsheet's content lives here, keyed by its Drive file ID; its existence,
title and sharing are the Drive store's, so a spreadsheet made by either API is
visible to both.
"""
