import torch, time, numpy as np, sys
torch.set_num_threads(1)
from avfusion_viz.data import read_synthav, AVDataset, av_loader
folder, out, splits = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
idx = read_synthav(folder, sidecars=False)
for sp in splits:
    t0 = time.time()
    ds = AVDataset(idx.split(sp), seconds=3, fps=5, size=32, classes=idx.classes, normalize=False)
    X, Y = [], []
    for b in av_loader(ds, 16):
        X.append(b.frames); Y.append(b.label)
    X, Y = torch.cat(X), torch.cat(Y)
    np.savez(f"{out}_{sp}.npz", X=X.numpy(), Y=Y.numpy())
    print(sp, X.shape, X.dtype, time.time() - t0, flush=True)
