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


def test_kop_past_zonder_horizontaal_schuiven(sessie, duiven, westervoort):
    """The header at tablet landscape and laptop widths: no horizontal scrolling, Uitloggen in
    reach. Worst case: a user with every role (the most menu items) and a long name. At 1024 px
    the menu sat beside itself 172 px too wide; now it folds behind the menu button below 1200."""
    from django.contrib.auth.models import Group

    from ondermijning.scoping import Rol
    from ondermijning.tests.factories import GebruikerFactory

    alles = GebruikerFactory(
        username="t_alles",
        first_name="Maximiliaan",
        last_name="van den Hoogenband-Verschuure",
        rol=Rol.BELEIDSMEDEWERKER,
        gemeenten=[duiven, westervoort],
    )
    alles.groups.add(*Group.objects.filter(name__in=[r.value for r in Rol if r != Rol.KETENPARTNER]))
    s = sessie(naam="basis-kopbreedte", breedte=1024, hoogte=768)
    s.log_in(alles)
    for breedte in (768, 1024, 1199, 1200, 1280, 1366, 1440):
        s.page.set_viewport_size({"width": breedte, "height": 768})
        s.ga_naar("/")
        assert s.page.evaluate("document.documentElement.scrollWidth") <= breedte, breedte
        if breedte in (1024, 1200):
            s.schermafdruk(f"kop-{breedte}")
        uitloggen = s.page.get_by_role("button", name="Uitloggen")
        if not uitloggen.is_visible():
            s.page.get_by_role("button", name="Menu openen").click()
            uitloggen.wait_for(state="visible")
        vak = uitloggen.bounding_box()
        assert vak["x"] + vak["width"] <= breedte, breedte
    s.schermafdruk("kop-1440")
