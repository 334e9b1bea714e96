"""What a figure counts: the metric, from the words around the number, by a table of rules.

Each rule is tried in order for the figure's unit; the first that recognises the figure decides.
A rule returns a metric of ``motcua.claims.register.METRICS``, :data:`NO_METRIC` (recognised,
but the vocabulary has no metric for it: the claim stays "other" and no later rule is tried),
or None (no opinion). The windows follow Vietnamese word order: the predicate after a count
("1113 hồ sơ được giải quyết đúng hạn"), the verb before it ("đã tiếp nhận 1113 hồ sơ"), the
rate slot before a percent ("đạt 99,2%"), the noun after it ("98% hồ sơ ... đúng hạn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from motcua.claims.extract import vocab as V
from motcua.claims.extract.tokens import Claim, NumberToken
from motcua.claims.register import METRICS
from motcua.vn.numbers import parse_vn_number

NO_METRIC = ""


def register_metric(name: str | None) -> str:
    return name if name and name in METRICS else "other"


def neutral(s: str) -> str:
    """Office names carry verbs ("tiếp nhận và trả kết quả") that are not the claim's."""
    return V.OFFICE.sub(" BPMC ", s)


def one_stop_kind(ctx: str) -> str | None:
    """"một cửa" alone → one_stop; "một cửa liên thông" → interagency; both → any."""
    if not (V.ONE_STOP.search(ctx) or V.INTERAGENCY.search(ctx)):
        return None
    plain = bool(V.ONE_STOP.search(ctx)) and any(
        not V.MOT_CUA_LT.match(ctx, m.end()) for m in V.MOT_CUA.finditer(ctx))
    inter = bool(V.INTERAGENCY.search(ctx))
    if plain and inter:
        return "any"
    return "interagency" if inter else "one_stop"


_ONE_STOP_METRIC = {"any": "procedures_one_stop_any", "interagency": "procedures_interagency",
                    "one_stop": "procedures_one_stop"}


def procedure_metric(ctx: str, weak: bool = True) -> str | None:
    """Metric of a count of procedures (TTHC) from keywords in ``ctx``."""
    if V.LEVEL4.search(ctx):
        return "procedures_online_level_4"
    if V.LEVEL3.search(ctx):
        return "procedures_online_level_3"
    kind = one_stop_kind(ctx)
    if kind:
        return _ONE_STOP_METRIC[kind]
    for pat, metric in ((V.ONLINE_PROC, "procedures_online"),
                        (V.PUBLISHED, "procedures_published"),
                        (V.REVIEWED, "procedures_reviewed")):
        if pat.search(ctx):
            return metric
    if weak and V.COMPETENCE.search(ctx):
        return "procedures_total"
    return None


#: Keywords of a count of dossiers, most specific first.
DOSSIER_KEYWORDS = ((V.LATE, "dossiers_late"), (V.ON_TIME, "dossiers_resolved_on_time"),
                    (V.INTERAGENCY, "dossiers_interagency"), (V.RECEIVED, "dossiers_received"),
                    (V.RESOLVED, "dossiers_resolved"))


def dossier_metric(ctx: str) -> str | None:
    return next((metric for pat, metric in DOSSIER_KEYWORDS if pat.search(ctx)), None)


#: Keywords of a percentage: every pattern of a row must occur; a row with metric None stops
#: the search (a late rate is not in the vocabulary and stays "other").
PERCENT_KEYWORDS: list[tuple[tuple[re.Pattern, ...], str | None]] = [
    ((V.SAT_VERY,), "sat_very_share"),
    ((V.SAT_NO,), "sat_no_share"),
    ((V.SAT, V.SAT_LEVEL), "sat_ok_share"),
    ((V.SAT,), "satisfaction_rate"),
    ((V.TASKS, V.ON_TIME), "tasks_on_time_rate"),
    ((V.DIRECTIVES,), "directives_completed_rate"),
    ((V.LATE,), None),
    ((V.ON_TIME,), "on_time_rate"),
    ((V.ONE_STOP, V.PROCEDURE_WORD), "one_stop_share"),
    ((V.E_DOC,), "e_document_share"),
    ((V.E_SIGN,), "digital_signature_share"),
    ((V.STANDARD,), "staff_standard_share"),
    ((V.E_OFFICE,), "e_office_share"),
    ((V.COMPUTERS,), "agencies_computerised_share"),
]


def percent_metric(ctx: str) -> str | None:
    for patterns, metric in PERCENT_KEYWORDS:
        if all(p.search(ctx) for p in patterns):
            return metric
    return None


# ---------------------------------------------------------------------------------------------
# the windows around one number


@dataclass
class Window:
    """The words around one number, as the rules read them."""

    text: str
    s: int                     # sentence start
    e: int                     # sentence end
    claim: Claim
    sentence_claims: list[Claim]
    before: str                # from the previous number or strong boundary to this number
    after: str                 # from the unit noun to the next number or strong boundary
    noun: str                  # the noun phrase after the unit (to a comma or "và")

    @property
    def num(self) -> NumberToken:
        return self.claim.num

    @property
    def sent(self) -> str:
        return self.text[self.s:self.e]

    @property
    def before_n(self) -> str:
        return neutral(self.before)

    @property
    def after_n(self) -> str:
        return neutral(self.after)

    @property
    def sentence_before(self) -> str:
        return neutral(self.text[self.s:self.num.start])


def window(c: Claim, text: str, s: int, e: int, prev_end: int,
           sentence_claims: list[Claim]) -> Window:
    n = c.num
    head = text[prev_end:n.start]
    cut = max(head.rfind(ch) for ch in ";(:.!?")
    before = head[cut + 1:] if cut >= 0 else head
    tail = text[n.unit_end:e]
    stop = re.search(r"[;().!?]|(?<!độ )(?<!mức )\d", tail)
    after = tail[:stop.start()] if stop else tail
    noun = re.split(r",|\bvà\b|[“\"(]", after, maxsplit=1, flags=V.FLAGS)[0]
    return Window(text, s, e, c, sentence_claims, before, after, noun)


def comparator(before: str, after: str, range_role: str | None) -> tuple[str, str | None]:
    """The comparator a hedge word gives ("gần" → approx, "hơn" → gt, "trở lên" → ge), and a
    note for the upper end of a range. "cao hơn 1,85%" compares two figures: no hedge."""
    tail = before[-25:]
    if V.COMPARATIVE_BEFORE.search(tail):
        return "eq", None
    comp = next((c for pat, c in V.HEDGES if pat.search(tail)), None) or next(
        (c for pat, c in V.HEDGES_AFTER if pat.match(after)), "eq")
    if range_role == "low" and comp == "eq":
        return "ge", None
    if range_role == "high":
        return "lt", "upper end of a range"
    return comp, None


# ---------------------------------------------------------------------------------------------
# the rules

def _percent_change(w: Window):
    if V.CHANGE.search(w.before) or V.SO_VOI.match(w.after):
        return "on_time_rate_change" if V.ON_TIME.search(neutral(w.sent)) else NO_METRIC
    return None


def _percent_noun(w: Window):
    return next((m for pat, m in V.PERCENT_NOUN if pat.search(w.after_n)), None)


def _percent_plan(w: Window):
    if V.PLAN_NOUN.search(w.after):
        return "online_receipt_vs_plan" if V.ONLINE.search(w.sent) else NO_METRIC
    return None


def _percent_agency(w: Window):
    if not V.AGENCY_NOUN.search(w.after):
        return None
    for ctx in (w.after_n, w.before_n, w.sentence_before):
        if V.COMPUTERS.search(ctx):
            return "agencies_computerised_share"
        if V.E_OFFICE.search(ctx):
            return "e_office_share"
    return None


def _percent_context(w: Window):
    if V.RATE_SLOT.search(w.before):  # "đạt 98%": the words before name the rate
        first, second = w.before_n + " " + neutral(w.noun), w.after_n
    else:
        first, second = w.after_n, w.before_n
    return percent_metric(first) or percent_metric(second)


def _percent_inherit(w: Window):
    prev = w.sentence_claims[-1] if w.sentence_claims else None
    return "on_time_rate" if prev is not None and \
        prev.metric == "dossiers_resolved_on_time" else None


def _dossier_context(w: Window):
    metric = dossier_metric(w.after_n) if V.PREDICATE.match(w.after) else None
    return metric or dossier_metric(w.before_n)


def _procedure_context(w: Window):
    metric = procedure_metric(w.after_n, weak=False) if V.PREDICATE.match(w.after) else None
    return metric or procedure_metric(w.before_n, weak=False)


def _procedure_parts(w: Window):
    """"213 thủ tục (200 thủ tục một cửa; 13 thủ tục liên thông)": the parts name the whole."""
    par = re.match(r"^\s*\(([^()]*)\)", w.text[w.num.unit_end:w.e])
    if not par:
        return None
    inner = neutral(par.group(1))
    if one_stop_kind(inner) == "any":
        return "procedures_one_stop_any"
    if V.LEVEL3.search(inner) and V.LEVEL4.search(inner):
        return "procedures_online"
    return None


def _inherit(w: Window):
    """"213 TTHC ... và 123 TTHC ...": a coordinated number shares its neighbour's metric."""
    unit = w.num.unit
    prev = next((p for p in reversed(w.sentence_claims) if p.num.unit == unit), None)
    gap_has_kw = (dossier_metric(w.before_n) if unit == "dossier"
                  else procedure_metric(w.before_n, weak=False))
    if prev is not None and not gap_has_kw and prev.metric != "other":
        return prev.metric
    return None


def _procedure_weak(w: Window):
    return procedure_metric(w.before_n + " " + w.after_n)


def _sentence(w: Window):
    fn = dossier_metric if w.num.unit == "dossier" else procedure_metric
    return fn(w.sentence_before)


def _fixed(metric: str) -> Callable[[Window], str]:
    return lambda w: metric


def _if_sentence(pattern: re.Pattern, metric: str, otherwise: str | None = None):
    return lambda w: metric if pattern.search(w.sent) else otherwise


def _units(w: Window):
    return "units_completed" if w.claim.denominator is not None else "units_count"


def _score(w: Window):
    """A score of the PAR index (a change of score, or another index's score, is not)."""
    if w.claim.change or (w.claim.index and w.claim.index != "PAR INDEX"):
        return NO_METRIC
    return "par_index_score" if V.PAR.search(w.sent) else None


def _legal_documents(w: Window):
    return ("legal_documents_reviewed"
            if V.LEGAL_DOC.search(w.text[w.num.end:w.num.unit_end + 40]) else None)


_MONEY = ("vnd", "billion_vnd", "million_vnd", "thousand_vnd")

#: (units, source, rule): tried in order for a figure whose unit is in ``units``.
RULES: list[tuple[tuple[str, ...], str, Callable[[Window], str | None]]] = [
    (("percent",), "change", _percent_change),
    (("percent",), "noun", _percent_noun),
    (("percent",), "plan", _percent_plan),
    (("percent",), "agency", _percent_agency),
    (("percent",), "context", _percent_context),
    (("percent",), "inherit", _percent_inherit),
    (("dossier",), "context", _dossier_context),
    (("procedure",), "context", _procedure_context),
    (("unit",), "unit", _units),
    (("person",), "unit", _if_sentence(V.TRAINING, "staff_trained", "staff_count")),
    (("attendance",), "unit", _fixed("staff_trained")),  # "780 lượt cán bộ": attendances
    (("point",), "unit", _score),
    (("year",), "unit", _fixed("years_elapsed")),
    (("minute",), "unit", _fixed("wait_minutes")),
    (_MONEY, "unit", _if_sentence(V.BUDGET, "budget_amount")),
    (("document",), "unit", _legal_documents),
    (("feedback",), "unit", _fixed("feedback_received")),
    (("rank",), "unit", _fixed("rank")),
    (("task", "form", "rank_change"), "unit", _fixed(NO_METRIC)),
    (("procedure",), "context", _procedure_parts),
    (("dossier", "procedure"), "inherit", _inherit),
    (("procedure",), "context", _procedure_weak),
    (("dossier", "procedure"), "sentence", _sentence),
]


def classify(w: Window) -> tuple[str | None, str]:
    """(metric, source) of the first rule that recognises the figure; (None, "none") if none."""
    unit = w.num.unit
    for units, source, rule in RULES:
        if unit in units:
            metric = rule(w)
            if metric == NO_METRIC:
                return None, "none"
            if metric:
                return metric, source
    return None, "none"


def guess(c: Claim, text: str, s: int, e: int, prev_end: int,
          sentence_claims: list[Claim]) -> None:
    """Metric, comparator and notes of one figure from the words around it."""
    w = window(c, text, s, e, prev_end, sentence_claims)
    c.comparator, note = comparator(w.before, w.after, c.num.range_role)
    if note:
        c.note.append(note)
    describe(c, w)
    if c.num.unit == "vnd" and V.THOUSAND_MILLION_AFTER.match(text[c.num.end:c.num.end + 10]):
        c.note.append("value in triệu/nghìn đồng: UNITS has no unit for it; fix value or unit")
    metric, source = classify(w)
    c.metric = register_metric(metric) if metric else "other"
    c.metric_source = source if metric else "none"
    if c.metric == "other":
        c.note.append("metric not recognised from the words around the number: say what it is")
    if c.num.unit_source == "before":
        c.note.append("unit taken from the noun before the number")
    for note in _scan_notes(c):
        c.note.append(note)


def index_named_before(head: str) -> str | None:
    """The index whose name stands nearest before a figure in its sentence."""
    best, pos = None, -1
    for name, (pat, _scale) in V.INDICES.items():
        for m in pat.finditer(head):
            if m.start() > pos:
                best, pos = name, m.start()
    return best


def describe(c: Claim, w: Window) -> None:
    """Whether the figure is a change against an earlier one, and the index a score is of."""
    if V.CHANGE_BEFORE.search(w.before[-30:]) or (
            V.SO_VOI.match(w.after) and c.num.unit in ("percent", "point", "rank_change",
                                                       "percentage_point", "dossier")):
        c.change = -1 if V.DOWN_BEFORE.search(w.before[-30:]) else 1
    if c.num.unit in ("point", "percent"):
        c.index = index_named_before(w.text[w.s:c.num.start])
        if c.index:
            c.scale = c.denominator or V.INDICES[c.index][1]


def _scan_notes(c: Claim) -> list[str]:
    """Notes for figures the register cannot hold as they are."""
    n, out = c.num, []
    if n.multiplier != 1:
        full = f"{float(parse_vn_number(n.value_text).value) * n.multiplier:,.0f}".replace(",", ".")
        out.append(f"written “{n.written}” = {full} (×{n.multiplier}); the register has no "
                   f"multiplier: enter value_text \"{full}\" and the metric "
                   f"({register_metric(c.metric)} guessed)")
    if n.unit in V.REGISTER_UNIT:
        what = {"form": "survey forms (phiếu)", "rank_change": "a change of rank (bậc)"}
        out.append(f"{what[n.unit]}: no unit or metric for it in the register")
    elif c.change and n.unit in ("point", "percent") and c.metric != "on_time_rate_change":
        out.append("a change against an earlier figure, not a level")
    if c.index and c.index != "PAR INDEX":
        out.append(f"{c.index} score (scale {c.scale:g})")
    return out
