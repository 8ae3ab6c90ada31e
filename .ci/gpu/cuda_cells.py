"""Run notebooks' code cells in order, the `#| cuda` cells included (what `nbdev_test --flags cuda` does), where nbdev
is not installed (the GPU machine). `#| slow` and `#| eval: false` cells are left out, as nbdev_test does without
--flags slow. Usage: python cuda_cells.py [--skip-cuda] nbs/01_audio.ipynb ...  (--skip-cuda: a dry run on a CPU)."""
import json, os, sys, time, traceback
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
skip_cuda = "--skip-cuda" in sys.argv
paths = [Path(p).resolve() for p in sys.argv[1:] if p != "--skip-cuda"]
failed = 0
for path in paths:
    os.chdir(path.parent)                           # as nbdev_test: relative paths start at the notebook's folder
    try: from IPython.display import display
    except ImportError: display = print
    ns, t0, ran, status = {"__name__": "__main__", "display": display}, time.time(), 0, "PASS"
    for k, cell in enumerate(json.load(open(path))["cells"]):
        if cell["cell_type"] != "code": continue
        src = "".join(cell["source"])
        flags = {l[3:].strip() for l in src.splitlines() if l.startswith("#|")}
        if {"slow", "eval: false"} & flags or (skip_cuda and "cuda" in flags): continue
        t = time.time()
        try:
            exec(compile(src, f"{path.name}[cell {k}]", "exec"), ns)
        except Exception:
            traceback.print_exc(); status = f"FAIL at cell {k}"; break
        ran += 1
        if "cuda" in flags: print(f"  {path.name} cell {k} (#| cuda): ok in {time.time() - t:.1f} s", flush=True)
    failed += status != "PASS"
    print(f"{status} {path.name}: {ran} cells in {time.time() - t0:.0f} s", flush=True)
sys.exit(1 if failed else 0)
