"""The video trunk's pretraining (train_reference's first stage) with more steps and more `objects` clips: does the
trunk keep improving past the committed 800 steps on 1 344 clips? Validation top-1 of its own linear layer on the
reference design's validation clips at eight points of the run; then `probe_trunk.py OUT/video_pretrain.pt`.

    python .ci/experiments/pretrain_longer.py REFERENCE_OUT OUT STEPS CLIPS
(REFERENCE_OUT: a train_reference folder whose data/ and cache/ are reused — written there first if it has no data/;
OUT gets objects/ and video_pretrain.pt.)
"""
import sys, json, time, shutil, resource
from pathlib import Path
from avfusion_viz.demo import ReferenceSettings, _pretrain_trunk, _generate_once
from avfusion_viz.synthav import write_design
src, out, steps, clips = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = ReferenceSettings()                             # the reference design exactly as train_reference writes it
want = dict(n_clips=r.n_clips, seconds=r.seconds, seed=r.seed)
_generate_once(src / "data", want, "reference_settings.json", lambda f: write_design(
    f, "reference", r.n_clips, seed=r.seed, seconds=float(r.seconds), workers=r.workers, progress=True),
    f"writing the reference design in {src / 'data'}", True, also_clear=(src / "cache",))
(src / "cache").mkdir(exist_ok=True)
out.mkdir(parents=True, exist_ok=True)
if not (out / "data").exists(): (out / "data").symlink_to((src / "data").resolve())
if not (out / "cache").exists(): shutil.copytree(src / "cache", out / "cache")
s = ReferenceSettings(video_pretrain_steps=steps, video_pretrain_clips=clips)
t0 = time.time()
pre = _pretrain_trunk(out, out / "data", s, verbose=True)
cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
for h in pre.history: print(f"step {h['step']:5d}  loss {h['loss']:.3f}  validation top-1 {h['val_top1']:.3f}")
print(f"{pre.n_clips} clips, {pre.steps} steps: {time.time() - t0:.0f} s wall, {cpu:.0f} s user CPU (pretraining alone "
      f"{pre.seconds:.0f} s)")
