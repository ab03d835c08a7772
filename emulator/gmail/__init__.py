"""Gmail v1: sending mail and reading the sender's sent mail, kept so tests and
people can read what the service sent."""
