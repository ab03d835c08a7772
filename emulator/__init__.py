"""A local, stateful emulator of the Google APIs CAS Workspace uses.

It serves Drive v3 and Sheets v4 at Google's own paths on 127.0.0.1, validated
against the discovery documents google-api-python-client ships, so the real client
libraries run against it unchanged. See README.md beside this file for what is
implemented and how it differs from Google. The service never imports this package.
"""
