"""``motcua scan``: audit an article no one has curated.

An inspector's first reading of a report looks for the figures that cannot all be true. The
scan does that from the text alone: it reads the figures with the extractor
(``motcua.claims.extract``), then discovers the relations the article implies between the
numbers of a passage and tests them: which counts reproduce each rate (:mod:`.rates`), parts
against their wholes (:mod:`.parts`, :mod:`.levels`), shares against 100% (:mod:`.shares`),
stock against flow and on-time rates against late counts (:mod:`.flows`), changes and averages
(:mod:`.changes`). Severity follows evidence: ``fail`` only when the article's own printed
numbers cannot all be true under any reading; anything that rests on a guessed period,
denominator, category list, rounding convention or hedge is at most a warning and says so.
"""

from motcua._lazy import lazy_api

_API = {
    "scan_article": "run", "scan_file": "run", "Scan": "run", "SCAN_CHECKS": "run",
    "read": "reading", "Reading": "reading", "Figure": "figures",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
