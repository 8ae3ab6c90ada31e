"AVDataset with worker processes: missing and broken clips are skipped and reported, the cache is shared, no epoch stops."
import numpy as np, torch
from avfusion_viz.data import AVDataset, AVItem, av_loader, read_skip_report, read_vggsound, FeatureCache
from avfusion_viz.media import write_clip

def _fixture(tmp_path, n_good=6):
    root, rng = tmp_path / "clips", np.random.default_rng(0)
    rows = []
    for i in range(n_good):
        wave = 0.01 * rng.standard_normal(32000).astype(np.float32)
        wave[8000 + 1000 * i: 8800 + 1000 * i] += 0.5
        write_clip(root / f"good{i:08d}_0_2000.mp4", np.full((20, 32, 32, 3), 20 * i, np.uint8), fps=10, wave=wave)
        rows.append((f"good{i:08d}", "a" if i % 2 else "b"))
    (root / "broken00000_0_2000.mp4").write_bytes(b"\x00\x01not a video" * 100)
    rows[2:2] = [("missing0000", "a"), ("broken00000", "b")]
    (tmp_path / "index.csv").write_text("".join(f"{v},0,{l},train\n" for v, l in rows))
    return read_vggsound(tmp_path / "index.csv", seconds=2), root

def test_workers_skip_report_and_cache(tmp_path):
    index, root = _fixture(tmp_path)
    report, cache = tmp_path / "skipped.tsv", tmp_path / "cache"
    ds = AVDataset(index, root, seconds=2, size=32, report=report, cache=cache)
    for epoch in range(2):                                       # the second epoch reads the cache
        batches = list(av_loader(ds, batch_size=3, shuffle=True, num_workers=2, seed=epoch))
        files = sorted(f for b in batches for f in b.files)
        skipped = {k.file: k.reason for b in batches for k in b.skipped}
        assert files == sorted(s.file for s in index if s.file.startswith("good"))
        assert sorted(skipped) == ["broken00000_0_2000.mp4", "missing0000_0_2000.mp4"]
        assert skipped["missing0000_0_2000.mp4"] == "missing file"
    assert read_skip_report(report) == skipped                 # workers appended to one report, read back once each
    assert len(FeatureCache(cache)) == 6
    assert not list(cache.rglob("*.tmp"))                      # only finished shards
    # cached items equal freshly decoded ones
    fresh = AVDataset(index, root, seconds=2, size=32)
    for i in range(len(index)):
        x, y = ds[i], fresh[i]
        assert type(x) is type(y)
        if isinstance(x, AVItem):
            assert torch.equal(x.frames, y.frames) and torch.equal(x.logmel, y.logmel) and torch.equal(x.onsets, y.onsets)

def test_pretrain_video_reads_the_same_clips_with_workers(tmp_path):
    "pretrain_video(num_workers=2) decodes in worker processes and trains exactly as the in-process read does."
    from avfusion_viz import synthav
    from avfusion_viz.data import read_synthav
    from avfusion_viz.train import pretrain_video
    folder = synthav.write_dataset(tmp_path / "s", 12, seconds=1, size=32, seed=0, progress=False, splits=(1.0, 0, 0))
    index = read_synthav(folder, sidecars=False)
    ds = AVDataset(index.split("train"), seconds=1, fps=2, size=16, classes=index.classes)
    runs = [pretrain_video(ds, tmp_path / f"trunk{w}.pt", steps=2, batch_size=4, window=2, num_workers=w, progress=False)
            for w in (0, 2)]
    assert runs[0].n_clips == runs[1].n_clips == 12
    a, b = (torch.load(r.path, weights_only=True) for r in runs)
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
