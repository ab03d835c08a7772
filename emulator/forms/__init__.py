"""Forms v1: forms and their items, publishing, responses and watches. A form is a
Drive file (``application/vnd.google-apps.form``); its content lives here."""
