"""The base UI in a real browser: login with two factors, Mijn werk, keyboard, accessibility, CSP."""

import pytest

pytestmark = pytest.mark.browser


def test_inloggen_met_tweede_factor_en_mijn_werk(sessie, beleid):
    s = sessie(naam="basis-beleid")
    s.ga_naar("/")
    assert "/accounts/login/" in s.page.url
    assert s.toegankelijkheid() == []
    s.schermafdruk("login")
    s.log_in(beleid)
    assert s.page.get_by_role("heading", name="Mijn werk").is_visible()
    assert s.toegankelijkheid() == []
    s.schermafdruk("mijn-werk")


def test_toetsenbord_skiplink_en_uitloggen(sessie, beleid):
    s = sessie(naam="basis-toetsenbord")
    s.log_in(beleid)
    s.page.keyboard.press("Tab")
    assert "Naar de inhoud" in s.page.evaluate("document.activeElement.textContent")
    s.page.keyboard.press("Enter")
    assert s.page.url.endswith("#inhoud")
    s.page.get_by_role("button", name="Uitloggen").focus()
    s.page.keyboard.press("Enter")
    s.page.wait_for_url("**/accounts/login/**")


def test_tablet_staand_menu_via_knop(sessie, toezicht):
    s = sessie(naam="basis-tablet", breedte=768, hoogte=1024, touch=True)
    s.log_in(toezicht)
    assert s.page.get_by_role("heading", name="Mijn werk").is_visible()
    menu = s.page.get_by_role("button", name="Menu openen")
    menu.tap()
    s.page.get_by_role("button", name="Uitloggen").wait_for(state="visible")
    assert s.toegankelijkheid() == []
    s.schermafdruk("mijn-werk-menu")


def test_toegankelijkheidsverklaring_openbaar_en_gelinkt(sessie, beleid):
    s = sessie(naam="basis-toegankelijkheid")
    s.ga_naar("/accounts/login/")
    s.page.get_by_role("link", name="Toegankelijkheid").click()
    s.page.wait_for_load_state("networkidle")
    assert s.page.get_by_role("heading", name="Toegankelijkheidsverklaring").is_visible()
    assert "WCAG 2.1 niveau AA" in s.page.content()
    assert s.toegankelijkheid() == []
    s.schermafdruk("verklaring")
