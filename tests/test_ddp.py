"DistributedDataParallel on the CPU: 2 processes (gloo) launched by torchrun, compared with one process."
import json, pathlib, subprocess, sys, textwrap
import torch

WORKER = textwrap.dedent("""
    import os, sys, torch
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.train import TrainConfig, TensorClips, fit
    torch.set_num_threads(1)
    if int(os.environ.get("WORLD_SIZE", 1)) > 1:   # one process group for both runs (fit uses it, leaves it open)
        torch.distributed.init_process_group("gloo")
    mc = ModelConfig.tiny(4, seconds=1, fps=2, frame_size=16)
    for bn in sys.argv[2:]:   # "frozen": BatchNorm in eval mode; "train": batch statistics
        out = f"{sys.argv[1]}/{bn}"
        r = fit(mc, TensorClips(mc, 4), TensorClips(mc, 6, seed=1),
                TrainConfig(epochs=2, batch_size=4, freeze_bn=bn == "frozen", progress=False), out)
        rank = int(os.environ.get("RANK", 0))
        torch.save({"params": dict(r.model.named_parameters()), "buffers": dict(r.model.named_buffers()),
                    "history": r.history}, f"{out}/rank{rank}.pt")
""")

def run(tmp_path, env, name, *bn, ddp):
    out = tmp_path / name
    script = tmp_path / "worker.py"; script.write_text(WORKER)
    launch = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--standalone"] if ddp else [sys.executable]
    r = subprocess.run([*launch, str(script), str(out), *bn], env={**env, "OMP_NUM_THREADS": "1"},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    return out

def max_diff(a, b): return max((a[k].double() - b[k].double()).abs().max().item() for k in a)

def test_ddp_ranks_agree_and_match_one_process(tmp_path, env):
    # frozen BatchNorm: each clip's loss does not depend on its batch mates, so 2 ranks × 2 clips = 1 process × 4 clips
    one = torch.load(run(tmp_path, env, "one", "frozen", ddp=False) / "frozen/rank0.pt", weights_only=False)
    two = run(tmp_path, env, "two", "frozen", "train", ddp=True)
    out = two / "frozen"
    r0, r1 = (torch.load(out / f"rank{k}.pt", weights_only=False) for k in (0, 1))
    assert max_diff(r0["params"], r1["params"]) == 0            # DDP keeps the replicas identical
    assert max_diff(r0["buffers"], r1["buffers"]) == 0
    assert max_diff(one["params"], r0["params"]) <= 1e-5        # same global batch, same result (float sums differ)
    # rank 0 alone logs and checkpoints; the logged numbers are over all clips of both ranks
    assert len((out / "metrics.jsonl").read_text().splitlines()) == 2
    assert [h["clips"] for h in r0["history"]] == [4, 4] and r0["history"][-1]["val_acc"]["n"] == 6
    assert abs(r0["history"][-1]["train_loss"]["total"] - one["history"][-1]["train_loss"]["total"]) <= 1e-4
    assert {p.name for p in out.iterdir()} - {"best.pt"} == {"last.pt", "metrics.jsonl", "rank0.pt", "rank1.pt"}
    # training-mode BatchNorm on gloo: per-rank batch statistics (SyncBatchNorm needs CUDA); replicas still agree
    r0, r1 = (torch.load(two / "train" / f"rank{k}.pt", weights_only=False) for k in (0, 1))
    assert max_diff(r0["params"], r1["params"]) == 0
    assert max_diff(r0["buffers"], r1["buffers"]) == 0          # running statistics: rank 0's, broadcast each epoch

def test_cli_train_under_torchrun_is_ddp(tmp_path, env):
    # `avfusion-viz train` under torchrun: 2 ranks share the clips; one log, one set of checkpoints, one report
    from avfusion_viz.synthav import write_dataset
    write_dataset(tmp_path / "synth", 8, seconds=1, size=32, seed=0, progress=False, splits=(0.5, 0.5, 0.0))
    cli = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--standalone",
           str(pathlib.Path(sys.executable).parent / "avfusion-viz"), "train", "--data", str(tmp_path / "synth"),
           "--out", str(tmp_path / "run"), "--seconds", "1", "--fps", "2", "--frame-size", "16", "--epochs", "1",
           "--batch-size", "4", "--no-progress"]
    r = subprocess.run(cli, env={**env, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count("trained 1 epochs") == 1                 # rank 0 alone reports
    log = [json.loads(l) for l in (tmp_path / "run/metrics.jsonl").read_text().splitlines()]
    assert len(log) == 1 and log[0]["clips"] == 4 and log[0]["val_acc"]["n"] == 4   # both ranks' clips counted
