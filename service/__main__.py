"""``python -m service``: the ``cas`` command."""

from .cli import main

if __name__ == "__main__":
    main()
