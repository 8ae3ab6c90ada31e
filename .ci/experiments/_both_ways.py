"""Shared by the missing-label probes here: threshold for precision ≥ 0.8 chosen on one half of a split, applied to the other."""
import numpy as np
from avfusion_viz.evaluate import threshold_at_precision, precision_recall_at
from avfusion_viz.interpret import auroc

def both_ways(scores: dict, truths: dict, min_precision: float = 0.8) -> list:
    "scores, truths: 'train' / 'test' → (N, C) arrays. Per way (train → test, test → train): (recall, precision, proposals, AUROC)."
    out = []
    for a, b in (("train", "test"), ("test", "train")):
        th = threshold_at_precision(scores[a], truths[a], min_precision)
        p, r, n = precision_recall_at(scores[b], truths[b], th) if th is not None else (float("nan"), 0.0, 0)
        fin = np.isfinite(scores[b])
        out.append((r, p, n, auroc(scores[b][fin], truths[b][fin])))
    return out
