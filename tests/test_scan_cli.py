"""``motcua scan`` on the command line and the article view it writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from motcua.claims.scan import scan_article
from motcua.findings import summary_records
from motcua.reports.article_html import article_view
from motcua.runs.cli import main

DEV = Path(__file__).parent / "data" / "articles"
ARTICLE = DEV / "125_ben-tre-tthcc-thang5-2021.txt"


def test_scan_prints_findings_and_writes_the_article_view(tmp_path, capsys):
    out = tmp_path / "view.html"
    assert main(["scan", str(ARTICLE), "--published", "06/06/2021", "--html", str(out)]) == 0
    captured = capsys.readouterr()
    findings = json.loads(captured.out)
    assert any(f["severity"] == "fail" and "99,7%@" in " ".join(f["claim_ids"])
               for f in findings)
    assert "findings (1 fail" in captured.err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page
    marked = re.findall(r'<mark class="(\w+)" id="mc-n(\d+)"[^>]*>([^<]+)</mark>', page)
    assert ("fail", "476", "99,7%") in marked  # the figure, where it stands, linked
    assert {m[2] for m in marked} >= {"99,7%", "4,52 ngàn", "4.561", "12"}
    for _sev, _pos, written in marked:
        assert f'href="#mc-f' in page and written in ARTICLE.read_text(encoding="utf-8")


def test_scan_errors_are_one_line(tmp_path, capsys):
    assert main(["scan", str(tmp_path / "missing.txt")]) == 2
    assert main(["scan", str(ARTICLE), "--published", "2021-02-30"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(e.startswith("motcua: error:") for e in err)


def test_article_view_links_every_figure_of_a_finding_and_escapes_the_text():
    text = "Tiêu đề <b>\n\nĐã giải quyết 1.000 hồ sơ, trong đó trước hạn 600 hồ sơ, đúng hạn 300 " \
           "hồ sơ, quá hạn 150 hồ sơ."
    res = scan_article(text)
    fails = [f for f in res.findings if f.severity == "fail"]
    assert fails and fails[0].check == "parts_whole"
    page = article_view(text, res.findings)
    assert "&lt;b&gt;" in page and "<b>" not in page
    for cid in fails[0].claim_ids:
        written, pos = cid.rsplit("@", 1)
        assert f'id="mc-n{pos}"' in page and f">{written}</mark>" in page
    # summary records (as check-claims prints them) work the same way
    assert article_view(text, summary_records(res.findings)) == page


def test_article_view_locates_register_claims_by_quote():
    text = "Năm 2020, huyện tiếp nhận 17.391 hồ sơ. Xã A tiếp nhận 17.391 hồ sơ khác."
    finding = {"id": "x/rate/1", "check": "rate", "severity": "warning", "claim_ids": ["x-02"],
               "message_en": "m", "message_vi": "m"}
    page = article_view(text, [finding], claims={"x-02": ("17.391", "Xã A tiếp nhận 17.391")})
    assert page.count("<mark") == 1
    pos = text.index("Xã A") + len("Xã A tiếp nhận ")
    assert f'id="mc-n{pos}"' in page
