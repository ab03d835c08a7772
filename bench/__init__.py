"""Benchmarks of the service against the local emulator (README.md in this folder)."""
