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


PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def accessible(page) -> None:
    """axe-core on the page as shown: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v.get("impact") in ("serious", "critical")]
    assert not serious, (page.url, serious)


def fits(page) -> None:
    """Nothing wider than the screen (no sideways scrolling, nothing cut off)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def look(page, screenshots, name) -> None:
    """axe-core and the width check at desktop and at phone width, a full-page
    screenshot of each (``NAME-1280.png``, ``NAME-375.png``), then the page's own
    size back."""
    own = page.viewport_size
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        accessible(page)
        fits(page)
        page.screenshot(path=str(screenshots / f"{name}-{viewport['width']}.png"),
                        full_page=True)
    page.set_viewport_size(own)
