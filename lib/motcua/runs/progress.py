"""What a batch shows while it runs: a progress bar on a terminal (done, failed, running, time
left; tqdm), one line per finished report otherwise; the last lines name what failed and why."""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, cached: int, *, log=sys.stderr, enabled: bool | None = None):
        self.total, self.cached, self.log = total, cached, log
        self.failed = 0
        self.running: set[str] = set()
        on_tty = hasattr(log, "isatty") and log.isatty()
        self.bar = None
        if (on_tty if enabled is None else enabled) and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=log, unit="report", dynamic_ncols=True,
                            desc="motcua batch")
        note = f", {cached} unchanged (cached)" if cached else ""
        print(f"motcua batch: {total} report(s) to make{note}", file=log)

    def started(self, slug: str, notebook: str) -> None:
        self.running.add(f"{slug}/{notebook}")
        self._postfix()

    def finished(self, r) -> None:
        self.running.discard(f"{r.slug}/{r.notebook}")
        self.failed += r.status == "failed"
        if self.bar is not None:
            self.bar.update(1)
            self._postfix()
            if r.status == "failed":
                self.bar.write(f"FAILED {r.slug}/{r.notebook}: {r.error}")
            return
        counts = r.counts or {}
        what = (f"fail {counts.get('fail', 0)}, warning {counts.get('warning', 0)}, "
                f"info {counts.get('info', 0)}" if r.status == "ok" else r.error)
        print(f"{r.status:<6} {r.slug}/{r.notebook} ({r.seconds:.1f} s) {what}", file=self.log,
              flush=True)

    def _postfix(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, running=len(self.running), refresh=False)

    def interrupted(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        print("motcua batch: interrupted; ending workers and writing the index of what "
              "finished", file=self.log)

    def close(self, results, seconds: float, out_root) -> None:
        if self.bar is not None:
            self.bar.close()
        by = {s: [r for r in results if r.status == s]
              for s in ("ok", "cached", "failed", "invalid", "not_applicable")}
        print(f"motcua batch: {len(by['ok'])} made, {len(by['cached'])} unchanged, "
              f"{len(by['failed'])} failed, {len(by['invalid'])} invalid, "
              f"{len(by['not_applicable'])} not applicable in {seconds:.1f} s; index: "
              f"{out_root / 'index.html'}", file=self.log)
        for r in by["invalid"] + by["failed"]:
            what = r.params_file if r.status == "invalid" else f"{r.slug}/{r.notebook}"
            print(f"  {r.status.upper()}: {what}: {r.error}", file=self.log)
