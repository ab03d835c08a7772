"""Secret Manager v1: the secrets the service reads at start (its token signing key)."""
