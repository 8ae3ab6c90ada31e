"""A linear probe on a video trunk's frozen clip features: what a frozen trunk (TrainConfig(video_lr_scale=0)) offers
the visual head. Logistic regression on V averaged over time, fitted on the reference design's training clips and
scored on its validation clips (frames from load_frames.py; see visual_width.py's docstring).

    python .ci/experiments/probe_trunk.py TRUNK.pt      # in the folder of ref_train.npz / ref_val.npz
(TRUNK.pt: an mc3_18 state dict, e.g. REFERENCE_OUT/video_pretrain.pt written by train_reference's pretraining.)
"""
import sys, time, numpy as np, torch
torch.set_num_threads(1)
from sklearn.linear_model import LogisticRegression
from avfusion_viz.backbones import VideoNet, normalize_frames
net = VideoNet(sys.argv[1]).eval()
def feats(name):
    z = np.load(name); X, out = torch.from_numpy(z["X"]), []
    with torch.no_grad():
        for j in range(0, len(X), 32): out.append(net(normalize_frames(X[j:j + 32]))[1].mean(1))
    return torch.cat(out).numpy(), z["Y"]
t0 = time.time()
(a, ya), (b, yb) = feats("ref_train.npz"), feats("ref_val.npz")
for C in (0.1, 1.0):
    clf = LogisticRegression(C=C, max_iter=2000).fit(a, ya)
    print(f"C {C}: train top-1 {clf.score(a, ya):.3f}, validation top-1 {clf.score(b, yb):.3f} ({time.time() - t0:.0f} s)")
