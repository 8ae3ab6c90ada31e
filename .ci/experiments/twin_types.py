"""The silent-twin test of a checkpoint's sync map (and of the timing map, which learns nothing) split by the event type
of the sounding class, on the validation seeds of the localization design: 4 (all 160 clips) and 6 (the test half of
480). Both splits are written into FOLDER when missing, as `bench synthav-eval` writes its splits.

    python .ci/experiments/twin_types.py [CHECKPOINT=data_samples/reference/reference.pt] [FOLDER=synthav_val]
"""
import sys, json, collections
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.localization import load_sync_map, evaluate_localization, twin_wins
from avfusion_viz.bench import _design_split

ck = sys.argv[1] if len(sys.argv) > 1 else "data_samples/reference/reference.pt"
root = Path(sys.argv[2] if len(sys.argv) > 2 else "synthav_val")
model, classes = load_model(ck)
sync = load_sync_map(ck)
if sync is None: sys.exit(f"{ck}: no sync map; add one with .ci/experiments/add_sync_map.py")
for seed, n, split in [(4, 160, None), (6, 480, "test")]:
    folder = _design_split(root, "localization", n, seed, model.config, classes, True)
    t = evaluate_localization(model, folder, split=split, classes=classes, head="continuous", layer="video.layer2", sync=sync)
    side = {f.with_suffix(".mp4").name: json.loads(f.read_text()) for f in (folder / "video").glob("*.json")}
    wins = collections.defaultdict(lambda: collections.defaultdict(list))
    for m in ("sync", "timing"):
        for f, s in zip(t.twin_files, t.twin_shares[m]):
            kind = side[Path(f).name].get("event_type", "?")
            for k in (kind, "all"): wins[m][k].append(s)
    print(f"seed {seed}: twin sync {t.scores['sync'].twin:.3f}, timing {t.scores['timing'].twin:.3f}; "
          f"pointing sync {t.scores['sync'].pointing:.3f}")
    for kind in sorted(wins["sync"]):
        print(f"   {kind:<11} frames {len(wins['sync'][kind]):5d}   sync {twin_wins(wins['sync'][kind]):.3f}   "
              f"timing {twin_wins(wins['timing'][kind]):.3f}")
