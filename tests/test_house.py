"The house: layout, metadata ranges vs. pins, and that the CI scripts fail when they should."
import configparser, re, shutil, subprocess, pathlib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

def test_top_level_layout():
    allowed = {"nbs", "avfusion_viz", "settings.ini", "setup.py", "README.md", "tests", "data_samples",
               ".ci", "Makefile", "LICENSE", ".gitignore", "MANIFEST.in"}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    top = {p.split("/")[0] for p in tracked}
    assert top <= allowed, f"unexpected top-level entries: {sorted(top - allowed)}"
    assert {"nbs", "avfusion_viz", "settings.ini", "setup.py", "README.md", "tests", "data_samples"} <= top

def test_metadata_ranges_and_pins():
    cfg = configparser.ConfigParser(); cfg.read(ROOT/"settings.ini")
    d = cfg["DEFAULT"]
    assert d["requirements"].split() == ["numpy>=1.24", "matplotlib>=3.7"]     # the bare install: plotting, no torch
    reqs = [r for k in ("requirements", "media_requirements", "model_requirements", "widgets_requirements")
            for r in d[k].split()]
    assert "torch>=2.4" in d["model_requirements"].split() and "torchvision>=0.19" in d["model_requirements"].split()
    for name in ["librosa", "av", "captum", "ipywidgets", "matplotlib", "tqdm"]:
        assert any(r.startswith(name + ">=") for r in reqs), name
    assert not any("==" in r for r in reqs), "package metadata keeps ranges; pins live in .ci/constraints.txt"
    pins = dict(l.strip().split("==") for l in (ROOT/".ci/constraints.txt").read_text().splitlines() if "==" in l)
    assert pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1" and pins["torchaudio"] == "2.11.0"
    assert pins["nbdev"] == "2.4.14" and pins["fastcore"] == "1.12.47" and pins["execnb"] == "0.1.18"
    assert pins["ghapi"].startswith("1.")
    dev = cfg["DEFAULT"]["dev_requirements"].split()
    for name in ["jupyterlab", "playwright", "sphinx", "myst-nb", "sphinx-book-theme", "nbclient", "ipykernel"]:
        assert any(re.match(re.escape(name) + r"\b", r) for r in dev), f"{name} missing from dev_requirements"
        assert any(k.lower() == name for k in pins), f"{name} has no pin in .ci/constraints.txt"
    assert cfg["DEFAULT"]["console_scripts"] == "avfusion-viz=avfusion_viz.cli:main"

def test_console_script_installed(env):
    r = subprocess.run(["avfusion-viz", "--help"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "inspect" in r.stdout

def test_readme_has_the_two_commands():
    text = (ROOT/"README.md").read_text()
    assert "make demo" in text and "make test" in text
    assert "generated from nbs/index.ipynb" in text

def test_pytest_no_tests_is_a_failure(tmp_path, env):
    r = subprocess.run([str(ROOT/".ci/pytest-strict"), str(tmp_path), "-q", "-p", "no:cacheprovider"],
                       capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "collected no tests" in r.stdout

@pytest.fixture
def clone(tmp_path):
    "A clean clone of the committed tree (what CI sees)."
    dest = tmp_path/"clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    return dest

def test_sync_check_passes_on_the_committed_tree(clone, env):
    r = subprocess.run([str(clone/".ci/sync-check")], capture_output=True, text=True, env=env, cwd=clone)
    assert r.returncode == 0, r.stdout + r.stderr

def test_sync_check_names_out_of_sync_files(clone, env):
    nb = clone/"nbs/12_cli.ipynb"
    text = nb.read_text()
    assert "def _inspect_arguments" in text
    nb.write_text(text.replace("def _inspect_arguments", "def _inspect_args_renamed", 1))
    subprocess.run(["git", "commit", "-qam", "edit a notebook, forget to export"], cwd=clone, check=True, env=env)
    r = subprocess.run([str(clone/".ci/sync-check")], capture_output=True, text=True, env=env, cwd=clone)
    assert r.returncode == 1
    assert "out of sync" in r.stdout and "avfusion_viz/cli.py" in r.stdout
