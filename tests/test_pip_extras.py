"""Each pip extra is enough for what the README promises, checked in this venv by hiding the other extras' modules
from Python (a meta-path finder that answers 'No module named ...', as a venv without them would).
.ci/pip-check does the real thing for the bare install (a fresh venv with numpy + matplotlib only)."""
import json, pathlib, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLIP = ROOT / "data_samples/bigbuckbunny.mp4"
HIDE = '''
import os, sys
class Hide:
    "Pretend the modules named in AVF_HIDE are not installed."
    names = set(os.environ["AVF_HIDE"].split())
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names: raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Hide())
'''
MODEL = "torch torchvision librosa captum sklearn"


def run(tmp_path, hide, *args, env):
    (tmp_path / "sitecustomize.py").write_text(HIDE)
    e = dict(env, AVF_HIDE=hide, PYTHONPATH=str(tmp_path))
    return subprocess.run(args, capture_output=True, text=True, env=e, cwd=tmp_path)


def test_media_extra_is_enough_for_synth_and_load_clip(tmp_path, env):
    "[media] (PyAV, tqdm) without [model]: `avfusion-viz synth` writes a data set, `av.load_clip` decodes a video."
    r = run(tmp_path, MODEL, "avfusion-viz", "synth", "--out", "s", "--n", "2", "--seconds", "1", "--size", "32",
            "--workers", "0", "--no-progress", env=env)
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "s/video").glob("*.mp4"))) == 2
    code = ("import sys, avfusion_viz as av; c = av.load_clip(sys.argv[1], seconds=2); "
            "print(c.frames.shape, c.wave.shape, sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'librosa')))")
    r = run(tmp_path, MODEL, sys.executable, "-c", code, str(CLIP), env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["(20,", "112,", "112,", "3)", "(32000,)", "[]"], r.stdout


def test_a_missing_extra_is_one_line_naming_it(tmp_path, env):
    "Without [model]: the model's commands and names say `pip install \"avfusion-viz[model]\"`; never a traceback."
    for cmd in (["inspect", str(CLIP)], ["analyze", str(CLIP), "--checkpoint", "c.pt"], ["demo", "--fast"],
                ["train", "--data", "d", "--out", "r"], ["bench", "preprocess"]):
        r = run(tmp_path, MODEL, "avfusion-viz", *cmd, env=env)
        assert r.returncode == 1 and "Traceback" not in r.stderr, (cmd, r.stderr)
        assert r.stderr.strip() == (f'avfusion-viz {cmd[0]}: error: needs torch, which is not installed here; '
                                    'pip install "avfusion-viz[model]"'), r.stderr
    assert list(tmp_path.glob("*_out")) == [] and not (tmp_path / "r").exists()
    r = run(tmp_path, "av " + MODEL, "avfusion-viz", "synth", "--out", "s2", "--n", "2", env=env)
    assert r.returncode == 1 and r.stderr.strip().endswith('pip install "avfusion-viz[media]"'), r.stderr
    code = "import avfusion_viz as av\ntry: av.load_model\nexcept ModuleNotFoundError as e: print(e)"
    r = run(tmp_path, MODEL, sys.executable, "-c", code, env=env)
    assert r.stdout.strip() == 'avfusion_viz.train needs torch, which is not installed here; pip install "avfusion-viz[model]"'


def test_extras_in_the_metadata(tmp_path):
    "setup.py turns settings.ini's *_requirements keys into extras: [model] includes [media], [all] holds every one."
    code = ("import json, setuptools, sys; kw = {}; setuptools.setup = lambda **k: kw.update(k); "
            "exec(open('setup.py').read(), {'__file__': 'setup.py'}); print(json.dumps({k: kw[k] for k in ('install_requires', 'extras_require', "
            "'classifiers', 'license_expression', 'project_urls')}))")
    meta = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                                     check=True).stdout)
    ex = meta["extras_require"]
    assert meta["install_requires"] == ["numpy>=1.24", "matplotlib>=3.7"]
    assert set(ex["media"]) < set(ex["model"]) and {"torch>=2.4", "captum>=0.7"} <= set(ex["model"])
    assert set(ex["serve"]) == {"voila>=0.5"} | set(ex["model"]) | set(ex["widgets"])     # the web app: all it runs
    assert set(ex["all"]) == set(ex["media"]) | set(ex["model"]) | set(ex["widgets"]) | set(ex["serve"])
    assert "Development Status :: 3 - Alpha" in meta["classifiers"]                 # settings.ini status = 3
    assert not any(c.startswith("License ::") for c in meta["classifiers"])          # deprecated by PEP 639
    assert meta["license_expression"] == "Apache-2.0" and set(meta["project_urls"]) >= {"Documentation", "Source"}
