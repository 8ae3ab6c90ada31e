"""Run by .ci/pip-check with the python of a bare venv (the wheel + numpy + matplotlib + ipykernel): start a plain
IPython kernel (no %matplotlib inline, no MPLBACKEND), call every figure function of `avfusion_viz.plotting` as the
last line of a cell, and require each result to display as image/png; torch must never be imported.
Usage: python pip-kernel.py KERNEL_NAME"""
import sys, time
from jupyter_client.manager import KernelManager

# One example per figure function (numpy in, Figure out). A new figure function without an example fails the check.
EXAMPLES = {
    "new_figure": "P.new_figure()",
    "frame_strip": "P.frame_strip(frames, 4)",
    "logmel_onsets": "P.logmel_onsets(logmel, [3, 12])",
    "waveform": "P.waveform(wave, onsets=[3, 12])",
    "preprocessing_figure": "P.preprocessing_figure(frames, logmel, [3, 12], logmel.reshape(2, 100, 80))",
    "overlay": "P.overlay(frames[0], maps[0], box=[0.1, 0.1, 0.5, 0.5])",
    "map_strip": "P.map_strip(frames, maps, 4)",
    "modality_timelines": "P.modality_timelines(conf[:, 0], conf[:, 1], conf[:, 2])",
    "layer_assignment_bars": "P.layer_assignment_bars(['onset', 'visual', 'onset', 'continuous'])",
    "activation_grid": "P.activation_grid(rng.random((8, 20)))",
    "precision_recall_curves": "P.precision_recall_curves(np.linspace(0, 1, 11), np.linspace(1, .5, 11), np.linspace(0, 1, 11)[::-1])",
    "claims_vs_controls": "P.claims_vs_controls(['localization', 'timeline'], [0.5, 0.8], [0.1, 0.5], [1.0, 1.0])",
    "heat_table": "P.heat_table(rng.random((3, 4)), list('abc'), list('wxyz'))",
    "confusion_plot": "P.confusion_plot(np.array([[5, 1], [2, 7]]), ['dog', 'drum'])",
    "training_curves": "P.training_curves([1, 2, 3], {'total': [3.0, 2.0, 1.5]}, {'ensemble': [0.2, 0.4, 0.5]})",
    "annotation_agreement": "P.annotation_agreement(['dog', 'drum', 'car'], [1.0, 0.5, 0.75])",
    "weight_bars": "P.weight_bars(['heard', 'seen', 'prior heard'], [0.6, 0.4, -1.2])",
    "reliability_diagram": "P.reliability_diagram([0.5, 0.9], [0.4, 0.8], counts=[3, 5], ece=0.1)",
    "model_diagram": "P.model_diagram(fps=5, frame_size=32, seconds=3)",
}
SETUP = """
import sys, numpy as np
import avfusion_viz
import avfusion_viz.plotting as P
import avfusion_viz.annotation   # the annotation merge is numpy-only too
import avfusion_viz.evaluate     # so are the metrics (accuracy, layer votes, calibration, missing-label scores)
rng = np.random.default_rng(0)
frames = rng.integers(0, 255, (20, 32, 32, 3), dtype=np.uint8)
maps = rng.random((20, 4, 4))
logmel = rng.standard_normal((200, 80))
wave = rng.standard_normal(32000).astype(np.float32) * 0.1
conf = rng.random((20, 3))
import inspect
names = [n for n in P.__all__ if callable(getattr(P, n)) and 'Figure' in str(inspect.signature(getattr(P, n)).return_annotation)]
print(','.join(names))
"""

def run(kc, code, timeout=60):
    "Execute one cell; return (mime types of its result and displays, stdout, error or None)."
    msg_id = kc.execute(code)
    mimes, out, err = set(), "", None
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id: continue
        kind, c = m["msg_type"], m["content"]
        if kind in ("execute_result", "display_data"): mimes |= set(c["data"])
        elif kind == "stream": out += c["text"]
        elif kind == "error": err = f"{c['ename']}: {c['evalue']}"
        elif kind == "status" and c["execution_state"] == "idle": return mimes, out, err

t0 = time.time()
km = KernelManager(kernel_name=sys.argv[1], transport="ipc")   # a local socket file, not TCP
km.start_kernel()
kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)
problems = []
try:
    _, out, err = run(kc, SETUP)
    if err: sys.exit(f"FAIL: importing avfusion_viz.plotting in the kernel: {err}")
    names = out.strip().split(",")
    for name in names:
        if name not in EXAMPLES: problems.append(f"{name}: no example in .ci/pip-kernel.py; add one"); continue
        mimes, _, err = run(kc, EXAMPLES[name])
        if err: problems.append(f"{name}: {err}")
        elif "image/png" not in mimes: problems.append(f"{name}: displays as {sorted(mimes)}, not as an image")
    _, out, err = run(kc, "import importlib.util as u; print(sorted(m for m in sys.modules if m.split('.')[0] in "
                          "('torch', 'torchvision', 'librosa', 'av', 'captum')), u.find_spec('torch') is None)")
    if err or out.split() != ["[]", "True"]:
        problems.append(f"torch (or another extra) was imported, or is installed in the bare venv: {out or err}")
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
for p in problems: print("FAIL:", p)
if problems: sys.exit(1)
print(f"plain kernel: {len(names)} figure functions ran and displayed as image/png; torch never imported "
      f"({time.time() - t0:.1f} s)")
