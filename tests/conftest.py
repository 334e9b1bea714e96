"""Shared pytest set-up.

nbval compares ``text/plain`` of the cells marked ``# NBVAL_CHECK_OUTPUT`` (``--nbval-lax``);
pandas' HTML tables drift across versions in whitespace only, so ``text/html`` is never compared
(the hook nbval's own documentation shows; anchors.md finding 4).
"""

import os

os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "application/javascript", "image/png",
                                   "image/svg+xml")
