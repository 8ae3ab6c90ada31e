import os, sys, pathlib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV_BIN = pathlib.Path(sys.executable).parent

@pytest.fixture
def root(): return ROOT

@pytest.fixture
def env():
    "Environment for subprocesses: this venv first on PATH, a headless matplotlib."
    e = dict(os.environ)
    e["PATH"] = f"{VENV_BIN}{os.pathsep}{e.get('PATH', '')}"
    e["MPLBACKEND"] = "Agg"
    return e
