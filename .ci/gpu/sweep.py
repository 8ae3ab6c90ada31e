"""Train the committed reference recipe on the GPU, end to end, and export the file (and, time allowing, more variants).
Which one (if any) replaces the committed model is chosen afterwards, on the CPU, on validation seeds of the claim designs
(`bench synthav-calibrate`, then `bench synthav-eval --seed 4` / `--data DIR --seed 6 --clips 480`), never here."""
import json, os, sys, time, traceback
from dataclasses import asdict
from pathlib import Path
import torch
from avfusion_viz.demo import ReferenceSettings, train_reference
from avfusion_viz.train import read_metrics

OUT = Path(os.environ.get("OUT", "/tmp/out")); OUT.mkdir(exist_ok=True, parents=True)
root = Path(os.environ.get("ROOT", "/tmp/ref")); root.mkdir(exist_ok=True, parents=True)
t_start, budget = time.time(), float(sys.argv[1]) if len(sys.argv) > 1 else 300
# the committed recipe (ReferenceSettings(): every stage, from writing the clips to the event heads), on the GPU; the
# confidence maps and the missing-label threshold are left to `bench synthav-calibrate` on the CPU (1 920 more clips)
maps = int(os.environ.get("CMAPS", 0))   # confidence maps: 0 here unless asked (CMAPS=4 with FAST: their CUDA path)
base = dict(device=os.environ.get("DEVICE", "cuda"), num_workers=int(os.environ.get("NW", 12)), workers=16, confidence_maps=maps)
small = dict(asdict(ReferenceSettings.fast()), confidence_maps=maps, device=base["device"], num_workers=0,
             workers=2) if "FAST" in os.environ else {}   # a CPU dry run: checks the code, not the numbers
# ref: the committed recipe as it stands; ref_seed1: the same with another data and training seed (how far one run
# of the recipe lies from another)
variants = [("ref", {}), ("ref_seed1", dict(seed=1))][:int(os.environ.get("VARIANTS", 1))]
summary, first = {}, None
for name, v in variants:
    used = time.time() - t_start
    if used > budget: print(f"SKIP {name}: {used:.0f} s used of {budget:.0f}", flush=True); continue
    out = root / name; out.mkdir(exist_ok=True)
    s = ReferenceSettings(**{**base, **small, **v})
    t0 = time.time()
    try:
        res = train_reference(out, s, verbose=True)
    except Exception:
        traceback.print_exc(); continue
    hist = read_metrics(out / "run")
    best_val = {h: max(r["val_acc"][h] for r in hist) for h in hist[0]["val_acc"] if h != "n"}
    summary[name] = dict(settings=asdict(s), seconds=round(time.time() - t0, 1), stages=res.seconds, metrics=res.metrics,
                         best_val=best_val, history=hist)
    print(f"== {name}: {time.time() - t0:.0f} s; stages {json.dumps(res.seconds)}; best val "
          f"{json.dumps({k: round(x, 3) for k, x in best_val.items()})}; "
          f"test {json.dumps({k: round(x, 3) for k, x in res.metrics['test_top1'].items()})}; "
          f"ECE raw {json.dumps({k: round(x, 3) for k, x in res.metrics.get('test_ece', {}).items()})} "
          f"cal {json.dumps({k: round(x, 3) for k, x in res.metrics.get('test_ece_calibrated', {}).items()})}", flush=True)
    data = res.checkpoint.read_bytes()       # at most 8 files come back, 16 MiB each: each model in two parts
    half = len(data) // 2 + 1
    (OUT / f"{name}.pt.part0").write_bytes(data[:half]); (OUT / f"{name}.pt.part1").write_bytes(data[half:])
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
print("sweep done", round(time.time() - t_start), "s", flush=True)
