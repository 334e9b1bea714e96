"""HTML reports: no code, no prompts, no ``remove-cell`` cells, only the prose of the report's
language (Markdown cells tagged ``lang-en`` or ``lang-vi``), and a provenance footer.

``--report-mode`` does not hide code in nbconvert's HTML (papermill #506), so the exporter is
configured here; it is built once per process and reused.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

LANGUAGES = ("en", "vi")

_FOOTER = {
    "en": "Made by motcua {version} (library {lib}, commit {commit}) from {data} data; inputs: "
          "{inputs}.",
    "vi": "Tạo bởi motcua {version} (thư viện {lib}, commit {commit}) từ dữ liệu {data}; đầu "
          "vào: {inputs}.",
}
_DATA_VI = {"SYNTHETIC": "GIẢ LẬP (SYNTHETIC)", "real": "thật", "unknown": "không rõ"}


@lru_cache(maxsize=len(LANGUAGES))
def _exporter(language: str):
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    other = {f"lang-{x}" for x in LANGUAGES if x != language}
    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"} | other
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    return exporter


def footer(language: str, provenance: dict) -> str:
    if not provenance:
        return ""
    data = provenance.get("data", "unknown")
    inputs = ", ".join(f"{name} sha256 {h[:12]}" for name, h in
                       sorted(provenance.get("inputs_sha256", {}).items()))
    text = _FOOTER[language].format(
        version=provenance.get("motcua_version", "?"),
        lib=str(provenance.get("library_sha256", ""))[:12],
        commit=provenance.get("git_commit") or "none",
        data=_DATA_VI.get(data, data) if language == "vi" else data, inputs=inputs)
    return f'<footer class="motcua-provenance"><small>{html.escape(text)}</small></footer>'


def notebook_html(nb, language: str = "en", provenance: dict | None = None) -> str:
    body, _ = _exporter(language).from_notebook_node(nb)
    body = re.sub(r"<html[^>]*>", f'<html lang="{language}">', body, count=1)
    return body.replace("</body>", footer(language, provenance or {}) + "\n</body>", 1)
