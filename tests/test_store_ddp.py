"""Training from a prepared store under torchrun (2 gloo processes, one launch): each rank reads whole shards of its
own, and a job stopped right after epoch 1's checkpoint on every rank, resumed, ends with the weights of an
uninterrupted run. (A real SIGKILL of one rank leaves the same files behind: last.pt is written by rank 0 before any
rank leaves the epoch; tests/test_train_resume.py kills a training process for real.)"""
import json, subprocess, sys, textwrap
import torch

WORKER = textwrap.dedent("""
    import os, sys, torch
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.store import StoreDataset
    from avfusion_viz.train import TrainConfig, fit
    torch.set_num_threads(1)
    torch.distributed.init_process_group("gloo")  # one group for all runs (fit uses it and leaves it open)
    store, out = sys.argv[1:3]
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
    run("straight")
    def stop(record):                             # the job dies right after epoch 1's checkpoint
        if record["epoch"] == 1: raise SystemError("node lost")
    try: run("job", on_epoch_end=stop)
    except SystemError: pass
    torch.distributed.barrier()
    epoch = torch.load(f"{out}/job/last.pt", weights_only=True)["epoch"]
    if rank == 0: open(f"{out}/stopped_at.txt", "w").write(str(epoch))
    run("job", resume=True)                       # the same command with --resume
""")

def test_ranks_read_their_own_shards_and_a_stopped_job_resumes(tmp_path, env):
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
    r = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--standalone",
                        str(script), str(tmp_path / "store"), str(tmp_path)],
                       env={**env, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True, timeout=240)
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

    # the stopped job: last.pt held epoch 1; resumed, it ends where the uninterrupted run ended
    assert (tmp_path / "stopped_at.txt").read_text() == "1"
    resumed = torch.load(tmp_path / "job/rank0.pt", weights_only=False)
    a, b = straight["params"], resumed["params"]
    assert max((a[k].double() - b[k].double()).abs().max().item() for k in a) == 0.0
    assert [json.loads(l)["epoch"] for l in (tmp_path / "job/metrics.jsonl").read_text().splitlines()] == [1, 2]
    drop = lambda h: {k: v for k, v in h.items() if k not in ("seconds", "clips_per_s")}   # (timings differ)
    assert [drop(h) for h in resumed["history"]] == [drop(h) for h in straight["history"]]
