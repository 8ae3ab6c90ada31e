"""Shared by the missing-label combiner experiments here: a model's `run_synthav` on both halves of a split, kept on disk."""
import hashlib, os, pickle
from pathlib import Path
from avfusion_viz.data import FeatureCache
from avfusion_viz.interpret import run_synthav

def both_halves(model, classes, ckpt, split: Path) -> list:
    "[train run, test run] of `split`; kept in $RUNS (a folder) when it is set, keyed by the checkpoint's path and mtime."
    key = hashlib.sha1(f"{Path(ckpt).resolve()}:{os.path.getmtime(ckpt)}:{split.resolve()}".encode()).hexdigest()[:12]
    keep = Path(os.environ["RUNS"]) / f"{split.name}_{key}.pkl" if os.environ.get("RUNS") else None
    if keep is not None and keep.exists(): return pickle.loads(keep.read_bytes())
    out = [run_synthav(model, split, h, classes=classes, cache=FeatureCache(split / "cache"), progress=False)
           for h in ("train", "test")]
    if keep is not None: keep.parent.mkdir(parents=True, exist_ok=True); keep.write_bytes(pickle.dumps(out))
    return out
