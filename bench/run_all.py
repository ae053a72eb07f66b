"""Runs every benchmark script in turn (``make bench``); each appends to bench/RESULTS.md."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["importer.py", "pages.py", "http.py", "reminders.py", "report.py"]

if __name__ == "__main__":
    failed = []
    for name in SCRIPTS:
        if not (HERE / name).exists():
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)], cwd=HERE.parent).returncode:
            failed.append(name)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
