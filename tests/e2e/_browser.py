"""Helpers for browser tests."""


def sign_in(page, email: str | None, then: str = "/") -> None:
    """Switch the signed-in person through the page's own switch, then open ``then``."""
    page.goto(then)
    page.select_option("#signin-as", email or "")
    page.wait_for_load_state()
