import pytest


@pytest.fixture
def demo(db):
    """Both plans as the demo loads them (core demo first: municipalities and users)."""
    from actieplan import demo as actieplan_demo
    from ondermijning import demo as kern_demo

    kern_demo.laad()
    actieplan_demo.laad()
    return actieplan_demo
