"""Where things are: the project's root directory (manage.py, fixtures/, templates/)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
