"""One article read for the scan: its figures (text and tables), passages, the rates tied to
counts and the wholes and parts, in one object the checks share."""

from __future__ import annotations

from dataclasses import dataclass, field

from motcua.claims.extract import Article, read_article
from motcua.claims.scan import structure as S
from motcua.claims.scan.figures import Figure, figures_of
from motcua.claims.scan.passages import Passage, passages
from motcua.claims.scan.tables import read_tables


@dataclass
class Reading:
    article: Article
    figures: list[Figure]
    passages: list[Passage]
    attached: dict[str, Figure]          # rate id → the count it is the share of
    count_after: dict[str, Figure]       # rate id → "(363 phiếu)" after it
    groups: list[S.Group]
    table_notes: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def figures_by_id(self) -> dict[str, Figure]:
        return {f.id: f for f in self.figures}

    def counts(self, passage: int | None = None) -> list[Figure]:
        return [f for f in self.figures if f.is_count and (passage is None
                                                           or f.passage == passage)]

    def groups_with_part(self, f: Figure) -> list[S.Group]:
        return [g for g in self.groups if any(p is f for p in g.parts)]

    def sentence_text(self, f: Figure) -> str:
        s, e, _p = self.article.layout.sentences[f.sentence]
        return self.text[s:e]


def read(text: str, *, published: str | None = None, source_id: str | None = None) -> Reading:
    """Extract, read tables, split passages, tie rates to counts and parts to wholes."""
    art = read_article(text, published=published, source_id=source_id)
    sentences = art.layout.sentences
    text_figures = figures_of(art)
    tables = read_tables(art, text_figures)
    figures = [f for f in text_figures if not tables.covers(f.start)] + tables.figures
    figures.sort(key=lambda f: f.start)
    parts = passages(art.text, sentences, figures)
    tables.place(figures, parts)
    groups = S.cue_groups(art.text, sentences, [f for f in figures if f.source == "text"])
    S.refine_roles(art.text, figures, groups)
    taken = {p.id for g in groups for p in g.parts}
    groups += S.list_groups(art.text, figures, art.tokens)
    groups += tables.groups
    groups += S.role_groups(figures, taken)
    groups = _unique(groups)
    attached = S.attach_rates(art.text, [f for f in figures if f.source == "text"])
    attached.update(tables.attached)
    for rid, c in attached.items():  # a rate tied to a count is a share of the same thing
        rate = next(f for f in figures if f.id == rid)
        if c.role and rate.role is None:
            rate.role = c.role
    return Reading(art, figures, parts, attached, S.count_after(art.text, figures), groups,
                   tables.notes)


def _unique(groups: list[S.Group]) -> list[S.Group]:
    """One group per set of figures; a group named by the text beats one found by roles."""
    seen: dict[frozenset, S.Group] = {}
    for g in groups:
        if g.key not in seen:
            seen[g.key] = g
    return list(seen.values())
