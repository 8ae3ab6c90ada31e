"""The committed reference model trained on for EPOCHS more epochs at FPS frames per second: its weights are the start
(`ReferenceSettings(init_from=…)`), everything else the committed recipe (the video trunk at lr × 0.1, no InfoNCE,
readouts refitted with mixtures, label prior, temperatures); no confidence maps (`bench synthav-calibrate` fits them).
OUT/data may hold the reference design already (seed 0, 960 clips, 3 s, with its reference_settings.json stamp).
    python .ci/experiments/continue_at_fps.py OUT FPS EPOCHS [START]
START: the checkpoint to start from (default: data_samples/reference/reference.pt as committed at 5 frames/s).
"""
import sys, json, time, torch
from avfusion_viz.demo import ReferenceSettings, train_reference, reference_checkpoint
torch.set_num_threads(2)
out, fps, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
start = sys.argv[4] if len(sys.argv) > 4 else str(reference_checkpoint())
s = ReferenceSettings(fps=fps, epochs=epochs, init_from=start, video_pretrain_steps=0, confidence_maps=0, then_fps=None)
t = time.time()
r = train_reference(out, s, verbose=True)
print(json.dumps(r.metrics, indent=1, default=str)); print("seconds", time.time() - t)
