"""Vietnamese conventions shared by every stage (the ground floor): numbers and rounding,
vocabularies, the working-day calendar, office hours and due dates, locality codes, place names
and the 2025 crosswalk, personal data."""

from motcua._lazy import lazy_api

_API = {m: m for m in ("numbers", "vocab", "calendar", "deadlines", "localities",
                        "place_names", "crosswalk", "privacy")}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
