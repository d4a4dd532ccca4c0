"""The claims a member's daily answer makes in the database.

Each is a question id in the claims table: the database lets exactly one
caller make it, so a member answers once, and the results count the claims
by prefix.
"""

from __future__ import annotations


def answered_key(post_id: int, member_id: int) -> str:
    """The claim that a member has used their one answer to post ``post_id``."""
    return f"daily:{post_id}:a:{member_id}"


def right_key(post_id: int, member_id: int) -> str:
    """The claim a member's correct answer makes (its time orders the fastest)."""
    return f"daily:{post_id}:r:{member_id}"


def answered_prefix(post_id: int) -> str:
    return f"daily:{post_id}:a:"


def right_prefix(post_id: int) -> str:
    return f"daily:{post_id}:r:"
