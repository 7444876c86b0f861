"""Secrets handed out once (API keys, the calendar-feed link) and stored only as their hash."""

import hashlib


def geheim_hash(geheim: str) -> str:
    """SHA-256 of a secret made with `secrets` (256 bits of entropy), so a slow password hash adds nothing."""
    return hashlib.sha256(geheim.encode()).hexdigest()
