"Resuming training after a crash: real processes killed with SIGKILL, a kill in the middle of a checkpoint write."
import os, signal, subprocess, sys, textwrap, time
import pytest, torch

from avfusion_viz.backbones import ModelConfig
from avfusion_viz.train import (TrainConfig, TensorClips, fit, load_checkpoint, save_checkpoint, Checkpoint,
                                CheckpointError)

MC = ModelConfig.tiny(4, seconds=1, fps=2, frame_size=16)   # the smallest model of the same topology
TC = dict(batch_size=4, progress=False)

@pytest.fixture(scope="module", autouse=True)
def one_thread():
    "One intra-op thread: on a busy 2-core machine, two threads per process only fight each other."
    n = torch.get_num_threads(); torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)

def data(): return TensorClips(MC, 8, seed=0), TensorClips(MC, 4, seed=1)

@pytest.fixture(scope="module")
def straight(tmp_path_factory):
    "Two epochs in one go: the reference."
    out = tmp_path_factory.mktemp("straight")
    return fit(MC, *data(), TrainConfig(epochs=2, **TC), out)

def max_diff(a: dict, b: dict) -> float:
    assert a.keys() == b.keys()
    return max((a[k].double() - b[k].double()).abs().max().item() for k in a)

CHILD = textwrap.dedent("""
    import os, signal, sys, torch
    torch.set_num_threads(1)
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.train import TrainConfig, TensorClips, fit
    MC = ModelConfig.tiny(4, seconds=1, fps=2, frame_size=16)
    def die(record):   # the process dies without any cleanup right after epoch 1's checkpoint
        os.kill(os.getpid(), signal.SIGKILL)
    fit(MC, TensorClips(MC, 8, seed=0), TensorClips(MC, 4, seed=1), TrainConfig(epochs=2, batch_size=4, progress=False),
        sys.argv[1], on_epoch_end=die)
""")

def test_sigkill_then_resume_gives_the_same_weights(tmp_path, straight, env):
    out = tmp_path / "run"
    r = subprocess.run([sys.executable, "-c", CHILD, str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert load_checkpoint(out / "last.pt").epoch == 1
    resumed = fit(MC, *data(), TrainConfig(epochs=2, **TC), out, resume=True)
    assert [h["epoch"] for h in resumed.history] == [1, 2]
    assert max_diff(straight.model.state_dict(), resumed.model.state_dict()) <= 1e-6
    a, b = load_checkpoint(straight.last_checkpoint), load_checkpoint(resumed.last_checkpoint)
    assert max_diff(a.optimizer["state"][0], b.optimizer["state"][0]) <= 1e-6   # momentum buffers too
    assert a.scheduler == b.scheduler
    lines = (out / "metrics.jsonl").read_text().splitlines()
    assert len(lines) == 2                                   # the log agrees with the checkpoint: one line per epoch

def test_exception_then_resume_gives_the_same_weights(tmp_path, straight):
    def crash(record): raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt): fit(MC, *data(), TrainConfig(epochs=2, **TC), tmp_path, on_epoch_end=crash)
    resumed = fit(MC, *data(), TrainConfig(epochs=2, **TC), tmp_path, resume=tmp_path / "last.pt")
    assert max_diff(straight.model.state_dict(), resumed.model.state_dict()) <= 1e-6

SAVER = textwrap.dedent("""
    import sys, torch
    from avfusion_viz.train import Checkpoint, save_checkpoint
    path, n = sys.argv[1], 0
    while True:   # big checkpoints, written again and again, until the parent kills us
        n += 1
        save_checkpoint(path, Checkpoint(model={"w": torch.full((8_000_000,), float(n))}, model_config={}, classes=["a"], epoch=n))
""")

def test_sigkill_during_save_keeps_the_previous_checkpoint(tmp_path, env):
    path = tmp_path / "last.pt"
    save_checkpoint(path, Checkpoint(model={"w": torch.zeros(3)}, model_config={}, classes=["a"], epoch=0))
    p = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], env=env, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    try:
        while time.time() < deadline and not list(tmp_path.glob(".last.pt.*.tmp")): time.sleep(0.001)
        assert list(tmp_path.glob(".last.pt.*.tmp")), "the saver never started a write"
        time.sleep(0.01)   # in the middle of torch.save (32 MB)
    finally:
        p.send_signal(signal.SIGKILL); p.wait()
    ckpt = load_checkpoint(path)                        # loads: the previous checkpoint, or a complete newer one
    w = ckpt.model["w"]
    assert (w == ckpt.epoch).all() and (ckpt.epoch == 0 or w.numel() == 8_000_000)

def test_failed_save_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "last.pt"
    save_checkpoint(path, Checkpoint(model={"w": torch.zeros(3)}, model_config={}, classes=["a"], epoch=1))
    def broken_save(obj, f):
        f.write(b"PK\x03\x04 half a zip"); raise OSError("disk full")
    monkeypatch.setattr(torch, "save", broken_save)
    with pytest.raises(OSError):
        save_checkpoint(path, Checkpoint(model={"w": torch.ones(3)}, model_config={}, classes=["a"], epoch=2))
    monkeypatch.undo()
    assert load_checkpoint(path).epoch == 1 and list(tmp_path.iterdir()) == [path]

def test_truncated_checkpoint_is_a_clear_error(tmp_path):
    path = tmp_path / "last.pt"
    save_checkpoint(path, Checkpoint(model={"w": torch.zeros(1000)}, model_config={}, classes=["a"]))
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(CheckpointError, match="last.pt: cannot read it as a checkpoint"): load_checkpoint(path)
