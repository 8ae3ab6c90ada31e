"""Grad-CAM on a localization split without silent twins: one sounding object and one silent visible object of
another class (the localization design with `silent_twin=0, distractors=(1, 0)`). Does Grad-CAM find the object of
the class that sounds, when no same-class twin makes that a coin flip?

    python .ci/experiments/gradcam_other_class.py CHECKPOINT OUT_ROOT SEED [CLIPS] [HEAD:LAYER ...]

Writes OUT_ROOT/localization-other_seedSEED like `bench synthav-eval` writes its splits (half `train`, half `test`, at
the model's clip length; validation seeds only), then scores its `test` half with `localization.evaluate_localization`
for each HEAD:LAYER (default: visual:video.layer2, what `bench synthav-eval` scores), with the centre box, the true box
at the layer's resolution, the motion map (no learning; both objects move) and the random map beside it.
"""
import sys, json, time, torch
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.synthav import write_design
from avfusion_viz.data import FeatureCache
from avfusion_viz.localization import evaluate_localization
torch.set_num_threads(2)
ckpt, root, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 160
pairs = [a.split(":") for a in sys.argv[5:]] or [("visual", "video.layer2")]
model, classes = load_model(ckpt); model.eval()
c = model.config
folder = root / f"localization-other_seed{seed}"
if not (folder / "synthav.json").is_file():
    t = time.perf_counter()
    write_design(folder, "localization", n, seed=seed, seconds=float(c.seconds), splits=(0.5, 0.0, 0.5), progress=False,
                 overwrite=True, silent_twin=0.0, distractors=(1.0, 0.0))
    print(f"wrote {n} clips to {folder} in {time.perf_counter() - t:.0f} s", flush=True)
sides = [json.loads(p.read_text()) for p in sorted((folder / "video").glob("*.json"))]
print(f"clips with a silent visible object of another class: {sum(any(d.get('role') == 'visual distractor' for d in s.get('distractors', [])) for s in sides)} of {len(sides)}")
for head, layer in pairs:
    t = time.perf_counter()
    loc = evaluate_localization(model, folder, split="test", classes=classes, head=head, layer=layer,
                                cache=FeatureCache(folder / "cache"), progress=False)
    print(f"\n== Grad-CAM of the {head} head at {layer} ({loc.scores['gradcam'].n} frames, {time.perf_counter() - t:.0f} s)\n{loc}",
          flush=True)
