"""Fixtures of the documenten tests: files go to a temporary MEDIA_ROOT."""

import pytest


@pytest.fixture(autouse=True)
def tijdelijke_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
