"""Runs every benchmark script in turn (``make bench``); each appends to bench/RESULTS.md.

The order lets later scripts reuse data: pages.py leaves 100,000 activities in the bench
database and explain.py reads them. Scripts that only print (bench_charts.py) have their
output recorded here. Every script runs against the bench database (wgec_bench on the
server DATABASE_URL names), never the development data.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["importer.py", "pages.py", "explain.py", "http_load.py", "bench_charts.py", "reminders.py", "report.py", "roles.py"]
PRINT_ONLY = {"bench_charts.py"}
# One render per kind keeps `make bench` under 15 minutes (a 2,000-activity report takes
# about 90 s); run bench/report.py alone for best-of-N figures.
ARGS = {"report.py": ["--repeat", "1"]}  # prints a table but does not append it to RESULTS.md


def main():
    sys.path.insert(0, str(HERE))
    import common  # noqa: E402

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wgec")
    env = dict(os.environ, DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or base.rsplit("/", 1)[0] + "/wgec_bench")
    failed, timings = [], []
    started = time.monotonic()
    for name in SCRIPTS:
        if not (HERE / name).exists():
            continue
        print(f"== {name}", flush=True)
        t0 = time.monotonic()
        command = [sys.executable, str(HERE / name), *ARGS.get(name, [])]
        if name in PRINT_ONLY:
            done = subprocess.run(command, cwd=HERE.parent, env=env, capture_output=True, text=True)
            print(done.stdout, done.stderr, sep="", flush=True)
            if done.returncode == 0:
                common.record(f"{name} (printed)", "```\n" + done.stdout.strip() + "\n```")
        else:
            done = subprocess.run(command, cwd=HERE.parent, env=env)
        timings.append([name, f"{time.monotonic() - t0:.0f}"])
        if done.returncode:
            failed.append(name)
    timings.append(["all", f"{time.monotonic() - started:.0f}"])
    common.record("make bench: time per script", common.markdown_table(["script", "seconds"], timings))
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)


if __name__ == "__main__":
    main()
