"""The pure domain core of CAS (DESIGN.md §2): records, learning outcomes, completion
rules. Plain data and functions: no I/O, no Flask, no Google types, no clock reads
(today's date is always a parameter)."""
