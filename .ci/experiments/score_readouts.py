"""Score checkpoints' readouts on validation SynthAV splits: missing labels (heard-and-seen among the data set's own
classes, the threshold for precision ≥ 0.8 from one half applied to the other, both ways) and the presence timelines
(per-clip AUROC, smoothed as `bench synthav-eval` does).
    python .ci/experiments/score_readouts.py CHECKPOINT [CHECKPOINT ...] -- MISSING_SPLIT [...] [-- TIMELINE_SPLIT [...]]

The splits: folders written like `bench synthav-eval --data DIR --seed 6 --clips 480` writes them (halves `train`,
`test`), e.g. DIR/missing-labels_seed6 and DIR/timeline_seed6; validation seeds only.
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import run_synthav, missing_label_eval, missing_label_truth, timeline_auroc
torch.set_num_threads(2)
groups = " ".join(sys.argv[1:]).split(" -- ")
ckpts, missing = groups[0].split(), groups[1].split()
timelines = groups[2].split() if len(groups) > 2 else []
for ck in ckpts:
    model, classes = load_model(ck); model.eval()
    rows = []
    for split in map(Path, missing):
        runs = {h: run_synthav(model, split, h, classes=classes, cache=FeatureCache(split / "cache"), progress=False)
                for h in ("train", "test")}
        cand = read_synthav(split).classes
        both = []
        for a, b in (("train", "test"), ("test", "train")):
            r = missing_label_eval(runs[a], runs[b], candidates=cand)
            both.append(r)
        seen = np.concatenate([runs[h].visual_presence.max(1)[missing_label_truth(runs[h])[0]] for h in runs])
        heard = np.concatenate([runs[h].audio_presence.max(1)[missing_label_truth(runs[h])[0]] for h in runs])
        rec = np.mean([r.recall for r in both])
        rows.append(rec)
        print(f"{Path(ck).name:12s} {split.name:24s} recall " + " / ".join(f"{r.recall:.3f} (P {r.precision:.2f})" for r in both)
              + f"  mean {rec:.3f}  AUROC {np.mean([r.auroc for r in both]):.3f}  second source seen≥0.5 {np.mean(seen >= 0.5):.2f}"
              f" heard≥0.5 {np.mean(heard >= 0.5):.2f}", flush=True)
    for split in map(Path, timelines):
        t = timeline_auroc(model, split, "test", classes=classes, cache=FeatureCache(split / "cache"), progress=False)
        print(f"{Path(ck).name:12s} {split.name:24s} timeline per clip audio {t['audio'].per_clip:.3f} visual {t['visual'].per_clip:.3f}", flush=True)
    print(f"{Path(ck).name:12s} mean missing-label recall over {len(rows)} splits: {np.mean(rows):.3f}", flush=True)
