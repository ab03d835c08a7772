"""Who is signed in: the switch at the top of every emulator page."""

from _browser import sign_in


def test_switching_to_a_school_user_then_anonymous(page, emulator):
    emulator.world.classroom.load_school({
        "users": [{"email": "ana.lopez@school.example", "name": {"givenName": "Ana", "familyName": "López"}}],
        "courses": []})
    page.goto("/")
    assert page.locator("#signin-as").input_value() == ""
    sign_in(page, "ana.lopez@school.example")
    assert page.locator("#signin-as").input_value() == "ana.lopez@school.example"
    assert "Ana López" in page.locator("#signin-as option:checked").inner_text()
    sign_in(page, None)
    assert page.locator("#signin-as").input_value() == ""
