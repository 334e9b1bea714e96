"""What a count or a rate stands for in the flow of dossiers, as a table of rules.

A one-stop office's dossiers move through one flow (Nghị định 61/2018/NĐ-CP, Điều 16-19; the
monthly report forms of Thông tư 01/2018/TT-VPCP): received (new, or carried over from the last
period), then resolved (early, on time, late) or still pending (within or past the deadline), or
withdrawn / returned. A report's counts are positions in that flow, named by fixed phrases; the
first rule that matches the words around a count gives its role. The identities between roles
(:data:`FAMILIES`) are what the scan tests.
"""

from __future__ import annotations

import re

FLAGS = re.IGNORECASE


def _rx(p: str) -> re.Pattern:
    return re.compile(p, FLAGS)


_HAN = r"(?:h[ạẹ]n|hẹn|thời\s+hạn)"

#: (role, pattern): the first match wins, so the more specific phrases come first.
COUNT_ROLES: list[tuple[str, re.Pattern]] = [
    ("withdrawn", _rx(r"rút\s+(?:lại\s+)?hồ\s+sơ|trả\s+lại\s+hồ\s+sơ|thụ\s+lý\s+trả\s+lại|"
                      r"\bhủy\b|\bhuỷ\b|từ\s+chối|dừng\s+(?:giải\s+quyết|xử\s+lý)|"
                      r"không\s+đủ\s+điều\s+kiện|trả\s+lại")),
    ("carried", _rx(r"kỳ\s+trước|tồn\s+(?:kỳ|đọng)|chuyển\s+sang|chuyển\s+qua|năm\s+trước\s+chuyển")),
    ("handled", _rx(r"đã\s+và\s+đang\s+(?:giải\s+quyết|xử\s+lý)|lũy\s+kế|luỹ\s+kế|"
                    r"tổng\s+số\s+hồ\s+sơ\s+yêu\s+cầu\s+giải\s+quyết|"
                    r"phải\s+giải\s+quyết|cần\s+giải\s+quyết|tổng\s+số\s+hồ\s+sơ\s+(?:giải\s+quyết|"
                    r"xử\s+lý)")),
    ("pending_late", _rx(rf"(?:đang\s+(?:giải\s+quyết|xử\s+lý)|chưa\s+(?:có\s+kết\s+quả|giải\s+quyết|"
                         rf"xử\s+lý))[^,;()\d]{{0,30}}?(?:quá|trễ|chậm)\s+{_HAN}|"
                         rf"(?:quá|trễ)\s+{_HAN}[^,;()\d]{{0,30}}?(?:chưa\s+có\s+kết\s+quả|"
                         rf"đang\s+giải\s+quyết|chưa\s+giải\s+quyết)")),
    ("pending_in_time", _rx(rf"chưa\s+đến\s+hạn|còn\s+trong\s+(?:thời\s+)?hạn|trong\s+hạn|"
                            rf"chưa\s+(?:quá|tới)\s+hạn")),
    ("pending", _rx(r"đang\s+(?:giải\s+quyết|xử\s+lý|thụ\s+lý|thẩm\s+định)|"
                    r"chưa\s+(?:giải\s+quyết|xử\s+lý|có\s+kết\s+quả)|còn\s+tồn")),
    ("due", _rx(r"đến\s+hạn\s+(?:giải\s+quyết|trả)|hồ\s+sơ\s+đến\s+hạn")),
    ("on_time", _rx(rf"(?:trước|sớm)\s+(?:{_HAN}\s*)?(?:và|,|hoặc)\s*đúng\s+{_HAN}|"
                    rf"đúng\s+(?:{_HAN}\s*)?(?:và|,|hoặc)\s*(?:trước|sớm)\s+{_HAN}")),
    ("early", _rx(rf"(?:trước|sớm)\s+{_HAN}")),
    ("on_time_only", _rx(rf"đúng\s+{_HAN}")),
    ("late", _rx(rf"(?:quá|trễ|chậm)\s+{_HAN}|chậm\s+(?:trả|giải\s+quyết)|quá\s+thời\s+gian")),
    ("online_l4", _rx(r"mức\s+(?:độ\s+)?4\b|toàn\s+trình")),
    ("online_l3", _rx(r"mức\s+(?:độ\s+)?3\b|một\s+phần")),
    ("online", _rx(r"trực\s+tuyến|qua\s+(?:cổng|mạng)|dịch\s+vụ\s+công")),
    ("postal", _rx(r"bưu\s+chính|bưu\s+điện")),
    ("direct", _rx(r"trực\s+tiếp")),
    ("received_new", _rx(r"tiếp\s+nhận\s+mới|mới\s+tiếp\s+nhận|nhận\s+mới|hồ\s+sơ\s+mới")),
    ("received", _rx(r"tiếp\s+nhận|nhận\s+được|đã\s+nhận|thụ\s+lý|phát\s+sinh")),
    ("resolved", _rx(r"giải\s+quyết|xử\s+lý|trả\s+kết\s+quả|có\s+kết\s+quả|hoàn\s+thành")),
]

#: Rates: what a percentage is the share of, from the words before it (first match wins).
RATE_ROLES: list[tuple[str, re.Pattern]] = [
    ("satisfaction", _rx(r"hài\s+lòng")),
    ("late", _rx(rf"(?:quá|trễ|chậm)\s+{_HAN}|chậm\s+(?:trả|giải\s+quyết)")),
    ("on_time", _rx(rf"(?:trước|sớm|đúng)\s+(?:và\s+)?(?:(?:trước|sớm|đúng)\s+)?{_HAN}")),
    ("online", _rx(r"trực\s+tuyến")),
    ("resolved", _rx(r"giải\s+quyết|xử\s+lý|trả\s+kết\s+quả")),
]

#: Roles that are wholes, and the sets of roles that split each of them with nothing left over.
#: early + on time + late = resolved; on time (early included) + late = resolved and = due;
#: within + past deadline = pending; new + carried over = handled; level 3 + level 4 = online.
FAMILIES: dict[str, tuple[frozenset, ...]] = {
    "resolved": (frozenset({"on_time", "late"}), frozenset({"early", "on_time_only", "late"})),
    "due": (frozenset({"on_time", "late"}), frozenset({"on_time", "pending_late"}),
            frozenset({"early", "on_time_only", "late"})),
    "on_time": (frozenset({"early", "on_time_only"}),),
    "pending": (frozenset({"pending_in_time", "pending_late"}),),
    "handled": (frozenset({"received_new", "carried"}), frozenset({"received", "carried"})),
    "received": (frozenset({"received_new", "carried"}),),
    "online": (frozenset({"online_l3", "online_l4"}),),
}

#: Roles that never overlap (a dossier has one of them): parts with distinct roles of one set
#: can be added.
EXCLUSIVE: tuple[frozenset, ...] = (
    frozenset({"early", "on_time_only", "late", "pending", "withdrawn"}),
    frozenset({"early", "on_time_only", "late", "pending_in_time", "pending_late", "withdrawn"}),
    frozenset({"on_time", "late", "pending", "withdrawn"}),
    frozenset({"on_time", "late", "pending_in_time", "pending_late", "withdrawn"}),
    frozenset({"received_new", "carried"}),
    frozenset({"direct", "online", "postal", "carried"}),
    frozenset({"online_l3", "online_l4"}),
)

#: For a rate over a numerator of this role: the wholes the wording implies, in order.
IMPLIED_WHOLE: dict[str, tuple[str, ...]] = {
    "on_time": ("resolved", "due"), "early": ("resolved", "due"),
    "on_time_only": ("resolved", "due"), "late": ("resolved", "due"),
    "pending_late": ("due", "pending"), "resolved": ("received", "handled"),
    "pending": ("received", "handled"), "pending_in_time": ("pending",),
    "withdrawn": ("received", "handled", "due"),
    "received_new": ("received", "handled"), "carried": ("handled", "received"),
    "online": ("received", "received_new", "resolved"), "direct": ("received", "received_new"),
    "postal": ("received", "received_new"), "online_l3": ("online",), "online_l4": ("online",),
}

#: The flow: what came in, and where it went.
INFLOW = ("received", "received_new", "carried", "handled")
OUTFLOW = ("resolved", "pending", "withdrawn")

ROLE_EN = {
    "received": "received", "received_new": "newly received", "carried": "carried over",
    "handled": "handled (new + carried over)", "resolved": "resolved", "due": "due",
    "on_time": "early or on time", "early": "early", "on_time_only": "on time",
    "late": "late", "pending": "pending", "pending_in_time": "pending within the deadline",
    "pending_late": "pending past the deadline", "withdrawn": "withdrawn or returned",
    "online": "online", "online_l3": "online (level 3)", "online_l4": "online (level 4)",
    "direct": "received in person", "postal": "received by post", "satisfaction": "satisfied",
}
ROLE_VI = {
    "received": "tiếp nhận", "received_new": "tiếp nhận mới", "carried": "kỳ trước chuyển sang",
    "handled": "phải giải quyết", "resolved": "đã giải quyết", "due": "đến hạn",
    "on_time": "trước và đúng hạn", "early": "trước hạn", "on_time_only": "đúng hạn",
    "late": "quá hạn", "pending": "đang giải quyết", "pending_in_time": "đang giải quyết trong hạn",
    "pending_late": "đang giải quyết quá hạn", "withdrawn": "rút, trả lại",
    "online": "trực tuyến", "online_l3": "mức độ 3", "online_l4": "mức độ 4",
    "direct": "trực tiếp", "postal": "bưu chính", "satisfaction": "hài lòng",
}


#: A count followed by its predicate ("735 hồ sơ quá hạn", "12 hồ sơ giải quyết trễ hạn",
#: "1,07 ngàn HS kỳ trước chuyển sang"), not by a noun phrase ("1113 hồ sơ yêu cầu ...").
PREDICATE_AFTER = _rx(r"^\s*(?:được|đã|đang|chưa|bị|còn|giải\s+quyết|trả|tiếp\s+nhận|nộp|quá|"
                      r"trễ|đúng|trước|sớm|chậm|kỳ\s+trước|tồn|từ\s+kỳ|nhận\s+mới|mới|"
                      r"trong\s+hạn|xử\s+lý)")


_ITEM_BREAK = _rx(r",|;|\bvà\s+(?=(?:số|có|còn)\b)")


def count_role(before: str, after: str, predicate_after: bool) -> str | None:
    """The role of a count from the words after it (when a predicate follows: "735 hồ sơ quá
    hạn") and else the words before it ("đã tiếp nhận 1113 hồ sơ")."""
    # "..., tiếp nhận mới trực tiếp 3,19 ngàn", "... đúng hạn và số quá hạn còn 634"
    segment = _ITEM_BREAK.split(before)[-1]
    # words before the last comma belong to the item before, unless the clause has no comma
    wider = (before,) if segment == before else ()
    windows = (after, segment, *wider) if predicate_after else (segment, *wider, after)
    for ctx in windows:
        for role, pat in COUNT_ROLES:
            if pat.search(ctx):
                return role
    return None


_PROCEDURE_ROLES = ("online_l4", "online_l3", "online")


def procedure_role(before: str, after: str) -> str | None:
    """Procedures: only the online levels form a family ("336 TTHC ... (mức độ 4 là 265 TTHC;
    mức độ 3 là 71 TTHC)")."""
    for ctx in (after, before):
        for role, pat in COUNT_ROLES:
            if role in _PROCEDURE_ROLES and pat.search(ctx):
                return role
    return None


def rate_role(ctx: str) -> str | None:
    for role, pat in RATE_ROLES:
        if pat.search(ctx):
            return role
    return None


def disjoint(roles) -> bool:
    """Distinct roles that lie in one exclusive set."""
    roles = list(roles)
    return len(set(roles)) == len(roles) and any(set(roles) <= s for s in EXCLUSIVE)
