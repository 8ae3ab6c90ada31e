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
