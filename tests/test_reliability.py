"Nothing lost, nothing silent: run folders, best.pt after a kill, skipped clips, nan losses, checkpoints that lie."
import json, os, shutil, signal, subprocess, sys, textwrap, warnings
import pytest, torch

from avfusion_viz.backbones import ModelConfig
from avfusion_viz.train import (TrainConfig, TensorClips, fit, load_checkpoint, load_model, save_checkpoint,
                                Checkpoint, CheckpointError, TrainingError, read_metrics)

MC = ModelConfig.tiny(4, seconds=1, fps=2, frame_size=16)   # the smallest model of the same topology
# validation on the 4 training clips: on this seed epoch 2 improves on epoch 1 (checked below)
IMPROVING = dict(batch_size=4, progress=False, seed=0)

@pytest.fixture(scope="module", autouse=True)
def one_thread():
    n = torch.get_num_threads(); torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)

def clips(): return TensorClips(MC, 4, seed=0)

# --- 1. best.pt after a kill ---------------------------------------------------------------------------------------

KILLED_AT_BEST = textwrap.dedent("""
    import os, signal, sys, torch
    torch.set_num_threads(1)
    import avfusion_viz.train as T
    from avfusion_viz.backbones import ModelConfig
    MC = ModelConfig.tiny(4, seconds=1, fps=2, frame_size=16)
    save = T.save_checkpoint
    def save_or_die(path, ckpt):   # SIGKILL right before epoch 2's best.pt write (last.pt of epoch 2 is on disk)
        if os.path.basename(str(path)) == "best.pt" and ckpt.epoch == 2: os.kill(os.getpid(), signal.SIGKILL)
        return save(path, ckpt)
    T.save_checkpoint = save_or_die
    data = T.TensorClips(MC, 4, seed=0)
    T.fit(MC, data, data, T.TrainConfig(epochs=2, batch_size=4, progress=False, seed=0), sys.argv[1])
""")

def test_kill_between_last_and_best_then_resume_repairs_best(tmp_path, env):
    out = tmp_path / "run"
    r = subprocess.run([sys.executable, "-c", KILLED_AT_BEST, str(out)], env=env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == -signal.SIGKILL, r.stderr
    last = load_checkpoint(out / "last.pt")
    assert last.epoch == 2 and last.history[-1]["best"], "precondition: epoch 2 improved on epoch 1"
    assert load_checkpoint(out / "best.pt").epoch == 1                 # stale: the kill came between the writes
    assert len(read_metrics(out)) == 1                                  # the log line comes after the checkpoints
    with pytest.warns(UserWarning, match="best.pt: held epoch 1, but epoch 2 was the best; rewritten"):
        res = fit(MC, clips(), clips(), TrainConfig(epochs=2, **IMPROVING), out, resume=True)
    best = load_checkpoint(out / "best.pt")
    assert best.epoch == 2 and best.best == last.best
    assert all(torch.equal(best.model[k], last.model[k]) for k in last.model)
    assert (res.best_epoch, res.best_accuracy) == (best.epoch, best.best)   # what the CLI prints is what the file holds
    assert [h["epoch"] for h in read_metrics(out)] == [1, 2]

def test_a_best_pt_that_cannot_be_rebuilt_is_named_and_left(tmp_path):
    "The history says epoch 2 was best but the resumed checkpoint is epoch 3: its weights are gone; say so, touch nothing."
    from avfusion_viz.train import _repair_best, _epoch_in
    save_checkpoint(tmp_path / "best.pt", Checkpoint(model={}, model_config={}, classes=["a"], epoch=1, best=0.5))
    history = [{"epoch": 1, "best": True}, {"epoch": 2, "best": True}, {"epoch": 3, "best": False}]
    with pytest.warns(UserWarning, match="best.pt: held epoch 1, but the history says epoch 2 was the best and its "
                                         "weights are not in the resumed checkpoint"):
        _repair_best(tmp_path, Checkpoint(model={}, model_config={}, classes=["a"], epoch=3, history=history))
    assert _epoch_in(tmp_path / "best.pt") == (1, 0.5)                 # what a TrainResult then reports

# --- 2. a folder that holds a run ------------------------------------------------------------------------------------

def test_train_refuses_a_folder_holding_a_run(tmp_path):
    out = tmp_path / "run"
    fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValueError, match=r"already holds a run \(last.pt, metrics.jsonl\); pass resume=True"):
        fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before    # nothing touched
    res = fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), out, overwrite=True)
    assert [h["epoch"] for h in read_metrics(out)] == [1] and load_checkpoint(out / "last.pt").epoch == 1
    assert res.history == read_metrics(out)
    with pytest.raises(ValueError, match="exclude each other"):
        fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), out, resume=True, overwrite=True)

def test_an_empty_log_of_a_run_killed_in_epoch_1_is_no_run(tmp_path):
    (tmp_path / "metrics.jsonl").write_text("")
    fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), tmp_path)   # no refusal

# --- 3. no usable clip, a nan loss ------------------------------------------------------------------------------------

def test_no_usable_clip_stops_training_before_any_checkpoint(tmp_path):
    with pytest.raises(TrainingError, match="no clip of the training data could be used"):
        fit(MC, torch.utils.data.Subset(clips(), []), None, TrainConfig(epochs=1, batch_size=4, progress=False),
            tmp_path, classes=clips().classes)
    assert not (tmp_path / "last.pt").exists() and not (tmp_path / "best.pt").exists()

def test_nan_loss_stops_training_with_a_clear_message(tmp_path):
    poisoned = clips()
    poisoned.logmel[3] = float("nan")
    fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), tmp_path)
    good = load_checkpoint(tmp_path / "last.pt")
    with pytest.raises(TrainingError, match=r"epoch 2, step \d: the training loss is nan.*holds epoch 1.*Lower the learning"):
        fit(MC, poisoned, None, TrainConfig(epochs=2, batch_size=4, progress=False), tmp_path, resume=True)
    kept = load_checkpoint(tmp_path / "last.pt")
    assert kept.epoch == 1 and all(torch.equal(kept.model[k], good.model[k]) for k in good.model)
    assert len(read_metrics(tmp_path)) == 1

# --- 7. checkpoints written by a newer version, or whose config disagrees with its weights; a full disk --------------

def checkpoint(tmp_path, **change) -> "Path":
    from avfusion_viz.model import EventFusionNet
    torch.manual_seed(0)
    ck = Checkpoint(model=EventFusionNet(MC).state_dict(), model_config=MC.to_dict(), classes=list("abcd"))
    for k, v in change.items(): setattr(ck, k, v)
    return save_checkpoint(tmp_path / "model.pt", ck)

def test_fields_of_a_newer_version_are_ignored_with_a_warning(tmp_path):
    path = checkpoint(tmp_path, train_config={**TrainConfig().to_dict(), "future_recipe": "x"})
    raw = torch.load(path, weights_only=True); raw["future_field"] = [1, 2]; torch.save(raw, path)
    with pytest.warns(UserWarning) as seen:
        model, classes = load_model(path)
    text = " ".join(str(w.message) for w in seen)
    assert "['future_field']" in text and "train_config field(s) ['future_recipe']" in text and "model.pt" in text
    assert classes == list("abcd") and model.config.n_classes == 4
    with pytest.warns(UserWarning) as seen:
        assert load_checkpoint(path, MC, TrainConfig()).train_config == TrainConfig().to_dict()   # resumable
    assert "train_config field(s) ['future_recipe']" in " ".join(str(w.message) for w in seen)

def test_a_model_field_of_a_newer_version_is_refused_not_dropped(tmp_path):
    # a model option this version lacks (say a head reading the picture's change) would be built without it: a wrong answer
    path = checkpoint(tmp_path, model_config={**MC.to_dict(), "future_knob": 3})
    before = path.read_bytes()
    for read in (load_model, load_checkpoint):
        with pytest.raises(CheckpointError, match=r"model.pt: model_config field\(s\) \['future_knob'\] .*future_knob=3.*"
                                                  r"upgrade avfusion-viz"):
            read(path)
    assert path.read_bytes() == before   # nothing is changed

def test_config_that_disagrees_with_its_weights_is_named(tmp_path):
    path = checkpoint(tmp_path, model_config={**MC.to_dict(), "n_classes": 12}, classes=[f"c{i}" for i in range(12)])
    with pytest.raises(CheckpointError, match=r"model.pt: its model_config disagrees with its weights \(.*\(4, .*\) in "
                                              r"the file, \(12, .*\) for the config"):
        load_model(path)

@pytest.mark.parametrize("classes, says", [("abcd", "must be a list of class names"),
                                           (["a", "b", "c"], "3 class names for model_config n_classes=4")])
def test_class_names_that_do_not_fit_the_logits(tmp_path, classes, says):
    with pytest.raises(CheckpointError, match=says): load_model(checkpoint(tmp_path, classes=classes))

def test_full_disk_during_a_checkpoint_write_names_the_file_and_keeps_the_log_honest(tmp_path, monkeypatch):
    fit(MC, clips(), None, TrainConfig(epochs=1, batch_size=4, progress=False), tmp_path)
    def enospc(obj, f):   # what torch.save raises when the disk fills up under it
        f.write(b"PK\x03\x04"); raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 64")
    monkeypatch.setattr(torch, "save", enospc)
    with pytest.raises(OSError, match=r"last.pt: cannot write the checkpoint \(RuntimeError: \[enforce fail.*last.pt "
                                      "as it was before is kept; free disk space"):
        fit(MC, clips(), None, TrainConfig(epochs=2, batch_size=4, progress=False), tmp_path, resume=True)
    monkeypatch.undo()
    assert load_checkpoint(tmp_path / "last.pt").epoch == 1
    assert [h["epoch"] for h in read_metrics(tmp_path)] == [1]          # no line for the epoch without a checkpoint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.pt", "metrics.jsonl"]
