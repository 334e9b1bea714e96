"""Vietnamese conventions shared by every stage (the ground floor): numbers and rounding,
vocabularies, the working-day calendar, office hours and due dates, locality codes and names,
personal data."""

from motcua._lazy import lazy_api

_API = {m: m for m in ("numbers", "vocab", "calendar", "deadlines", "localities", "privacy")}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
