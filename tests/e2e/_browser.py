"""Helpers for browser tests."""


def sign_in(page, email: str | None, then: str = "/") -> None:
    """Switch the signed-in person through the page's own switch, then open ``then``."""
    page.goto(then)
    if page.locator("#signin-as").input_value() == (email or ""):
        return
    # The switch submits itself on change: wait for the page it leads back to, or
    # the caller would read the page as it was before the switch.
    with page.expect_navigation():
        page.select_option("#signin-as", email or "")
