"""Fixtures of the controles tests: photos go to a temporary MEDIA_ROOT."""

import pytest

from ondermijning.models import OrganisatieType
from ondermijning.tests.factories import OrganisatieFactory


@pytest.fixture(autouse=True)
def tijdelijke_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def checklists(db):
    """The seeded checklists (a data migration), again: a transactional test's flush removes them."""
    from controles.checklists import zaai_checklists
    from controles.models import ChecklistSjabloon, ChecklistVraag

    zaai_checklists(ChecklistSjabloon, ChecklistVraag)


@pytest.fixture
def odra(db):
    return OrganisatieFactory(naam="ODRA", type=OrganisatieType.OMGEVINGSDIENST)


@pytest.fixture
def douane(db):
    return OrganisatieFactory(naam="Douane", type=OrganisatieType.DOUANE)
