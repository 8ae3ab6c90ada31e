"""Calibration of the committed model on the claim designs, with each clip's full truth: a top-1 class counts as right
when it is any true source of the clip (the missing-labels design's unlabelled second source included), and
temperatures fitted on the designs' validation seed instead of the reference design's validation split.

    python .ci/experiments/calibration_targets.py dump DATA SEED OUT.npz [CHECKPOINT]   # predictions of both halves
    python .ci/experiments/calibration_targets.py dump-reference REFERENCE_DATA OUT.npz  # its val and test splits
    python .ci/experiments/calibration_targets.py score VAL.npz TEST.npz [TEST2.npz …]  # temperatures, per design
    python .ci/experiments/calibration_targets.py maps VAL.npz TEST.npz [TEST2.npz …]   # confidence maps
    (a reference-design VAL: its validation split's predictions under keys val/logits, val/labels, val/targets)
"""
import sys, numpy as np
from pathlib import Path

DESIGNS = ("localization", "timeline", "specialisation", "missing-labels")

def dump(root, seed, out, ckpt="data_samples/reference/reference.pt"):
    import torch
    from avfusion_viz.train import load_model
    from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
    from avfusion_viz.evaluate import predict
    torch.set_num_threads(2)
    model, classes = load_model(ckpt); c = model.config
    arrays = {}
    for d in DESIGNS:
        f = Path(root) / f"{d}_seed{seed}"
        for s in ("train", "test"):
            ds = AVDataset(read_synthav(f).split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                           unknown_labels="skip", cache=FeatureCache(f / "cache"))
            p = predict(model, ds, progress=False)
            for k in ("logits", "labels", "targets"): arrays[f"{d}/{s}/{k}"] = getattr(p, k)
            print(d, s, len(p.labels), flush=True)
    arrays["heads"] = np.array(p.heads); arrays["stored_T"] = np.array([model.temperatures[h] for h in p.heads])
    np.savez(out, **arrays)

def dump_reference(data, out, ckpt="data_samples/reference/reference.pt"):   # the reference design's val and test splits
    import torch
    from avfusion_viz.train import load_model
    from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
    from avfusion_viz.evaluate import predict
    torch.set_num_threads(2)
    model, classes = load_model(ckpt); c = model.config; arrays = {}
    for s in ("val", "test"):
        p = predict(model, AVDataset(read_synthav(data).split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size,
                                     classes=classes, unknown_labels="skip"), progress=False)
        for k in ("logits", "labels", "targets"): arrays[f"{s}/{k}"] = getattr(p, k)
    arrays["heads"] = np.array(p.heads); arrays["stored_T"] = np.array([model.temperatures[h] for h in p.heads])
    np.savez(out, **arrays)

def softmax(z):
    z = np.exp(z - z.max(-1, keepdims=True)); return z / z.sum(-1, keepdims=True)

def ece(probs, right, bins=15):
    conf = probs.max(1); edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, bins - 1)
    n = np.bincount(which, minlength=bins)
    return float(np.abs(np.bincount(which, right, bins) - np.bincount(which, conf, bins)).sum() / len(conf))

def fit_T(logits, targets):   # NLL of "the clip's true classes": −log Σ_{c true} softmax(z/T)_c, grid on β = 1/T
    best = None
    for b in np.exp(np.linspace(np.log(0.05), np.log(5), 400)):
        p = softmax(logits * b); nll = -np.log((p * targets).sum(1) + 1e-12).mean()
        if best is None or nll < best[0]: best = (nll, 1 / b)
    return best[1]

def load(f, designs=DESIGNS, halves=("train", "test")):
    z = np.load(f)
    L = np.concatenate([z[f"{d}/{s}/logits"] for d in designs for s in halves])
    y = np.concatenate([z[f"{d}/{s}/labels"] for d in designs for s in halves])
    t = np.concatenate([z[f"{d}/{s}/targets"] for d in designs for s in halves])
    return L, y, t, list(z["heads"]), dict(zip(z["heads"], z["stored_T"]))

def score(val, *tests):
    Lv, yv, tv, heads, stored = load(val)
    onehot = np.zeros_like(tv); onehot[np.arange(len(yv)), yv] = True
    T_label = {h: fit_T(Lv[:, k], onehot) for k, h in enumerate(heads)}
    T_truth = {h: fit_T(Lv[:, k], tv) for k, h in enumerate(heads)}
    print("T stored (reference val) ", {h: round(float(v), 2) for h, v in stored.items()})
    print("T val designs, label     ", {h: round(v, 2) for h, v in T_label.items()})
    print("T val designs, full truth", {h: round(v, 2) for h, v in T_truth.items()})
    for f in tests:
        for half in (("test",), ("train", "test")):
            L, y, t, _, _ = load(f, halves=half)
            print(f"\n{f} halves {half}: {len(y)} clips")
            for k, h in enumerate(heads):
                row = []
                for name, T in (("raw", 1.0), ("stored", stored[h]), ("val-label", T_label[h]), ("val-truth", T_truth[h])):
                    p = softmax(L[:, k] / T); a = p.argmax(1)
                    row.append(f"{name} {ece(p, (a == y).astype(float)):.3f}/{ece(p, t[np.arange(len(a)), a].astype(float)):.3f}")
                print(f"  {h:<11}", " | ".join(row))
            for d in DESIGNS:
                Ld = np.concatenate([np.load(f)[f"{d}/{s}/logits"] for s in half])
                td = np.concatenate([np.load(f)[f"{d}/{s}/targets"] for s in half])
                yd = np.concatenate([np.load(f)[f"{d}/{s}/labels"] for s in half])
                cells = []
                for k, h in enumerate(heads):
                    p = softmax(Ld[:, k] / T_truth[h]); a = p.argmax(1)
                    cells.append(f"{h[:4]} acc {(a == yd).mean():.2f}/{td[np.arange(len(a)), a].mean():.2f} conf {p.max(1).mean():.2f}")
                print(f"    {d:<15}", "; ".join(cells))


def maps(val, *tests):
    """Confidence maps (evaluate.fit_confidence_map: isotonic, any true source right) fitted on VAL's clips, ECE on each
    TEST's test halves; VAL may be a design dump (both halves) or a reference-design dump (keys val/…, test/…)."""
    import torch
    from avfusion_viz.evaluate import fit_confidence_map
    from avfusion_viz.model import interp_confidence, softmax_at_top1
    z = np.load(val); heads = list(z["heads"])
    if "val/logits" in z: Lv, yv, tv = z["val/logits"], z["val/labels"], z["val/targets"]
    else: Lv, yv, tv, _, _ = load(val)
    fitted = {h: fit_confidence_map(softmax(Lv[:, k]), yv, tv) for k, h in enumerate(heads)}
    print(f"maps fitted on {val} ({len(yv)} clips)")
    for f in tests:
        L, y, t, _, _ = load(f, halves=("test",))
        row = []
        for k, h in enumerate(heads):
            zz = torch.from_numpy(L[:, k].astype(np.float32))
            p = softmax_at_top1(zz, interp_confidence(fitted[h], zz.softmax(-1).amax(-1))).numpy()
            a = p.argmax(1); row.append(f"{h} {ece(p, t[np.arange(len(a)), a].astype(float)):.3f}")
        print(f"  {f} ({len(y)} test clips): " + ", ".join(row))

if __name__ == "__main__":
    {"dump": dump, "dump-reference": dump_reference, "score": score, "maps": maps}[sys.argv[1]](*sys.argv[2:])
