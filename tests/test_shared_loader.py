"""SharedLoader with real worker processes (notebook 05a tests it in one process; nbdev_test cannot start workers):
the same batches as torch's loader, kept batches never written over, slots reused in a plain loop, a failing or
killed worker reported by name, no worker left behind."""
import faulthandler, multiprocessing as mp, os, signal
import pytest, torch

from avfusion_viz.synthav import write_dataset
from avfusion_viz.data import read_synthav, AVDataset, av_loader
from avfusion_viz.store import StoreDataset, StoreSettings, SharedLoader, SLOT_FIELDS, prepare

@pytest.fixture(scope="module")
def data(tmp_path_factory):
    "Twelve 1 s SynthAV clips, one of them damaged: the decoding dataset, and the store of the same clips."
    d = tmp_path_factory.mktemp("shared") / "synth"
    write_dataset(d, 12, seconds=1, size=32, seed=0, progress=False, workers=0, splits=(1.0, 0.0, 0.0))
    sorted((d / "video").glob("*.mp4"))[5].write_bytes(b"\0" * 100)
    index = read_synthav(d, sidecars=False)
    decoded = AVDataset(index, seconds=1, fps=4, size=16, normalize=False)
    store = prepare(index, d.parent / "store", StoreSettings(seconds=1, fps=4, size=16), shard_size=4,
                    progress=False).store
    return decoded, StoreDataset(store, normalize=False)

def same(a, b):
    for f in SLOT_FIELDS + ("label", "indices"): assert torch.equal(getattr(a, f), getattr(b, f)), f
    assert a.files == b.files and [o.tolist() for o in a.onsets] == [o.tolist() for o in b.onsets]
    assert [(s.file, s.reason) for s in a.skipped] == [(s.file, s.reason) for s in b.skipped]

def no_workers_left():
    assert mp.active_children() == []

@pytest.mark.parametrize("which", [0, 1])
def test_workers_give_torchs_batches(data, which):
    ds = data[which]
    order = torch.randperm(len(ds), generator=torch.Generator().manual_seed(3)).tolist()
    reference = list(av_loader(ds, batch_size=3, sampler=order))
    loader = SharedLoader(ds, batch_size=3, sampler=order, num_workers=2)
    for epoch in range(3):
        got = list(loader) if epoch == 0 else [b for b in loader]
        assert len(got) == len(reference) == 4
        for a, b in zip(got, reference): same(a, b)
        del got
    if which == 0: assert sum(len(b.skipped) for b in reference) == 1        # the damaged clip, in its batch
    no_workers_left()

def test_a_plain_loop_reuses_its_slots_and_kept_batches_stay_intact(data):
    ds = data[1]
    loader = SharedLoader(ds, batch_size=2, shuffle=True, num_workers=2, prefetch=2)
    for epoch in range(3):
        for batch in loader: loss = batch.frames.float().mean()
    assert len(loader.slots) == 2 * 2 + 2
    kept = list(loader)                                   # a new order; every batch kept, views and all
    frames = [b.frames[-1].numpy() for b in kept]
    copies = [f.copy() for f in frames]
    for _ in range(2):
        for batch in loader: pass
    for f, c, b in zip(frames, copies, kept):
        assert (f == c).all()
        same(b, av_loader(ds, batch_size=len(b), sampler=b.indices.tolist()).__iter__().__next__())
    assert sorted(torch.cat([b.indices for b in kept]).tolist()) == list(range(len(ds)))
    no_workers_left()

class Failing(torch.utils.data.Dataset):
    def __init__(self, ds, at, kill=None): self.ds, self.at, self.kill = ds, at, kill   # kill: a signal to die of
    def __len__(self): return len(self.ds)
    def __getitem__(self, i):
        if i == self.at and mp.current_process().name != "MainProcess":
            if self.kill:
                faulthandler.disable()                    # pytest's would print a traceback for the bus error
                os.kill(os.getpid(), self.kill)
            raise KeyError("a bug in the dataset")
        return self.ds[i]

def test_a_failing_worker_names_the_batch_and_a_killed_one_its_exit_code(data):
    ds = data[1]
    with pytest.raises(RuntimeError, match=r"failed reading batch 2 \(dataset positions \[4, 5\]\): KeyError"):
        list(SharedLoader(Failing(ds, 5), batch_size=2, num_workers=2))
    no_workers_left()
    with pytest.raises(RuntimeError, match=r"worker 0 \(pid \d+\) ended with exit code -9 while batch \d was being read$"):
        list(SharedLoader(Failing(ds, 4, kill=signal.SIGKILL), batch_size=2, num_workers=2))
    with pytest.raises(RuntimeError, match=r"exit code -7 .*a bus error: usually too little shared memory \(/dev/shm"):
        list(SharedLoader(Failing(ds, 4, kill=signal.SIGBUS), batch_size=2, num_workers=2))
    no_workers_left()

def test_leaving_early_stops_the_workers(data):
    loader = SharedLoader(data[1], batch_size=2, num_workers=2)
    for k, batch in enumerate(loader):
        if k == 1: break
    del batch
    import gc; gc.collect()
    no_workers_left()
    assert len(list(loader)) == 6                        # and it reads a whole epoch again afterwards

def test_fit_with_shared_workers_trains_exactly_as_with_torchs(data, tmp_path):
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.train import fit, TrainConfig
    ds = data[1]
    mc = ModelConfig.tiny(len(ds.classes), seconds=1, fps=4, frame_size=16)
    runs = {kind: fit(mc, ds, ds, TrainConfig(epochs=2, batch_size=4, num_workers=2, loader=kind, progress=False,
                                              device="cpu"), tmp_path / kind) for kind in ("torch", "shared")}
    a, b = (r.model.state_dict() for r in runs.values())
    assert max((a[k].double() - b[k].double()).abs().max().item() for k in a) == 0.0
    assert [h["val_acc"] for h in runs["torch"].history] == [h["val_acc"] for h in runs["shared"].history]
    no_workers_left()
