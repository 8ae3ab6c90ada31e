"""Training from a prepared store under torchrun (2 gloo processes): each rank reads whole shards of its own, and a
job whose rank 1 is killed after epoch 1, started again with resume, continues from the last checkpoint and ends with
the weights of an uninterrupted run. Two launches: (uninterrupted run, then the job that loses rank 1), the resume."""
import json, subprocess, sys, textwrap
import torch

WORKER = textwrap.dedent("""
    import json, os, sys, torch
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.store import StoreDataset
    from avfusion_viz.train import TrainConfig, fit
    torch.set_num_threads(1)
    torch.distributed.init_process_group("gloo")  # one group for both runs (fit uses it and leaves it open)
    store, out, attempt = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rank = int(os.environ["RANK"])
    class Logged(StoreDataset):                   # which clips this rank reads
        def __getitem__(self, i):
            item = super().__getitem__(i)
            with open(f"{out}/read{rank}.txt", "a") as f: f.write(item.file + "\\n")
            return item
    ds = Logged(store)
    mc = ModelConfig.tiny(len(ds.classes), seconds=1, fps=2, frame_size=16)
    tc = TrainConfig(epochs=2, batch_size=4, progress=False)
    def run(name, **kw):
        r = fit(mc, ds, None, tc, f"{out}/{name}", **kw)
        torch.save({"params": dict(r.model.named_parameters()), "history": r.history}, f"{out}/{name}/rank{rank}.pt")
    if attempt == 0: run("straight")
    def killed(record):                           # rank 1 dies right after epoch 1's checkpoint, on the first attempt
        if attempt == 0 and rank == 1 and record["epoch"] == 1: os.kill(os.getpid(), 9)
    run("job", resume=attempt > 0, on_epoch_end=killed)
""")

def test_ranks_read_their_own_shards_and_a_killed_rank_resumes(tmp_path, env):
    from avfusion_viz.synthav import write_dataset
    from avfusion_viz.data import read_synthav
    from avfusion_viz.store import StoreSettings, Store, prepare
    write_dataset(tmp_path / "synth", 8, seconds=1, size=32, seed=0, progress=False, workers=0, splits=(1.0, 0.0, 0.0))
    prepare(read_synthav(tmp_path / "synth", sidecars=False), tmp_path / "store", StoreSettings(seconds=1, fps=2, size=16),
            shard_size=2, progress=False)
    store = Store(tmp_path / "store")
    shard_of = {c["file"]: c["shard"] for c in store.clips}
    assert len(store.shards) == 4
    script = tmp_path / "worker.py"; script.write_text(WORKER)
    def launch(attempt):
        return subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--standalone",
                               str(script), str(tmp_path / "store"), str(tmp_path), str(attempt)],
                              env={**env, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True, timeout=240)
    r = launch(0)
    assert r.returncode != 0 and "exitcode  : -9" in r.stderr, r.stderr[-3000:]   # torchrun reports the killed rank
    assert torch.load(tmp_path / "job/last.pt", weights_only=True)["epoch"] == 1   # epoch 1 was saved before
    r = launch(1)                                                                  # the same command, resuming
    assert r.returncode == 0, r.stderr[-3000:]

    # the uninterrupted run: per epoch, the two ranks read disjoint whole shards, 4 clips each, together the store
    read = [(tmp_path / f"read{k}.txt").read_text().split() for k in (0, 1)]
    for epoch in range(2):
        mine = [set(read[k][4 * epoch:4 * epoch + 4]) for k in (0, 1)]
        assert not mine[0] & mine[1] and len(mine[0] | mine[1]) == 8
        shards = [{shard_of[f] for f in m} for m in mine]
        assert len(shards[0]) == len(shards[1]) == 2 and not shards[0] & shards[1]
    straight = torch.load(tmp_path / "straight/rank0.pt", weights_only=False)
    assert [h["clips"] for h in straight["history"]] == [8, 8]

    # the killed job, restarted: epoch 2 only, from job/last.pt, ending where the uninterrupted run ended
    resumed = torch.load(tmp_path / "job/rank0.pt", weights_only=False)
    a, b = straight["params"], resumed["params"]
    assert max((a[k].double() - b[k].double()).abs().max().item() for k in a) == 0.0
    assert [json.loads(l)["epoch"] for l in (tmp_path / "job/metrics.jsonl").read_text().splitlines()] == [1, 2]
    drop = lambda h: {k: v for k, v in h.items() if k not in ("seconds", "clips_per_s")}   # (timings differ)
    assert [drop(h) for h in resumed["history"]] == [drop(h) for h in straight["history"]]
