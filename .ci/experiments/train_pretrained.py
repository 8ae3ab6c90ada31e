"""The whole reference recipe from a trunk that `pretrain_longer.py` pretrained (its folder PRE is reused: data/ and
objects/ linked, cache/ and video_pretrain.pt/.json copied into OUT, so train_reference does not pretrain again), with
the video trunk fine-tuned at lr × LR_SCALE (1: the committed recipe; 0: frozen). Prints the visual head's and the
ensemble's validation top-1 per epoch and the reference design's test top-1 of every head.

    python .ci/experiments/train_pretrained.py PRE OUT STEPS CLIPS [LR_SCALE=1]
(env SETTINGS: a JSON object of further ReferenceSettings fields, e.g. '{"contrastive_weight": 0}')
"""
import sys, shutil, json, os
from pathlib import Path
from avfusion_viz.demo import train_reference, ReferenceSettings
from avfusion_viz.train import load_checkpoint
pre, out, steps, clips = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
scale = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
out.mkdir(parents=True, exist_ok=True)
for name in ("data", "objects"):
    if not (out / name).exists(): (out / name).symlink_to((pre / name).resolve())
if not (out / "cache").exists(): shutil.copytree(pre / "cache", out / "cache")
for name in ("video_pretrain.pt", "video_pretrain.json"): shutil.copy(pre / name, out / name)
s = ReferenceSettings(video_pretrain_steps=steps, video_pretrain_clips=clips, video_lr_scale=scale,
                      **{"then_fps": None, **json.loads(os.environ.get("SETTINGS", "{}"))})   # one stage, as measured
res = train_reference(out, s, verbose=True)
ck = load_checkpoint(out / "run" / "last.pt")
for r in ck.history:
    if r.get("val_acc"):
        print(f"epoch {r['epoch']:2d}  visual {r['val_acc']['visual']:.3f}  ensemble {r['val_acc']['ensemble']:.3f}")
print("best validation ensemble", f"{res.metrics['val_ensemble_top1']:.3f}", "at epoch", res.metrics["best_epoch"])
print("test top-1", json.dumps({k: round(v, 3) for k, v in res.metrics["test_top1"].items()}))
print("seconds", json.dumps(res.metrics["seconds"]))
