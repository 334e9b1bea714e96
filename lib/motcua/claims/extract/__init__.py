"""Draft claim records from Vietnamese article text.

``extract_claims(text)`` reads one article and returns a *draft* register dict in the format of
``data/claims/README.md``: every number that is a claim, with its value as written, unit, a
metric guessed from the words around it, the locality (resolved to a code where the name is
unambiguous), the period, the sentence it stands in and a ``confidence``. ``dump_yaml`` writes
that dict so that YAML cannot coerce ``"007"`` or ``"17.391"``. A person reviews the draft, then
``motcua check-claims`` audits it. ``read_article`` returns everything the extraction found
(figures with their offsets, periods, places), which ``motcua scan`` reasons over.

Everything is rule-based and general to Vietnamese administrative news text (no per-article
strings). The stages, one module each: :mod:`.text` (Unicode, paragraphs, sentences),
:mod:`.vocab` (the words, as tables), :mod:`.tokens` (numbers: claim or date / document number /
label / time, and the unit noun), :mod:`.metrics` (what a figure counts, by a rule table),
:mod:`.periods`, :mod:`.mentions` and :mod:`.places` (localities), :mod:`.build` and
:mod:`.draft` (the register), :mod:`.yaml_out`. Numbers left out are counted in
:class:`ExtractionStats` with the reason.

Input may be NFC or NFD (or mixed): it is NFC-normalised first, so both give the same output.
The extractor never raises on text; a malformed hint or date raises ``ValueError``.
"""

from motcua.claims.extract.build import ExtractionStats
from motcua.claims.extract.draft import Article, extract_claims, extract_file, read_article
from motcua.claims.extract.mentions import slugify
from motcua.claims.extract.yaml_out import dump_yaml

__all__ = ["Article", "ExtractionStats", "dump_yaml", "extract_claims", "extract_file",
           "read_article", "slugify"]
