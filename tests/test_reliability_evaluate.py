"""evaluate_checkpoint counts the clips the data set drops before loading (labels the model does not know) and writes
them to skipped.tsv beside the report; a report file that cannot be written names the file and leaves no temp file."""
import errno, pathlib
import pytest
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data_samples" / "synthav"

def test_unknown_labels_are_counted_and_listed(tmp_path):
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.model import EventFusionNet
    from avfusion_viz.train import Checkpoint, save_checkpoint
    from avfusion_viz.data import read_synthav, read_skip_report
    from avfusion_viz.evaluate import evaluate_checkpoint
    test = read_synthav(SAMPLES, split="test")
    known = [s.labels[0] for s in test.samples[:1]]                    # the model knows the first clip's class only
    names = known + [c for c in test.classes if c not in known][:3]   # plus three more classes (4 logits)
    dropped = [s.file for s in test.samples if s.labels[0] not in names]
    assert dropped, "the sample set must have clips of classes the model does not know"
    torch.manual_seed(0)
    cfg = ModelConfig.tiny(len(names), seconds=1, fps=5, frame_size=32)
    ck = save_checkpoint(tmp_path / "m.pt", Checkpoint(EventFusionNet(cfg).state_dict(), cfg.to_dict(), names))
    rep = evaluate_checkpoint(ck, SAMPLES, out=tmp_path / "report", progress=False)
    assert rep.summary["skipped"] == len(dropped)                     # before: "0 skipped" while clips were dropped
    listed = read_skip_report(tmp_path / "report" / "skipped.tsv")
    assert sorted(listed) == sorted(dropped)
    assert all("unknown label" in r for r in listed.values())
    assert rep.summary["n"] == len(test) - len(dropped)

def test_report_write_failure_names_the_file(tmp_path, monkeypatch):
    from avfusion_viz import evaluate
    def full(self, *a, **k): raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pathlib.Path, "write_text", full)
    with pytest.raises(OSError, match="report.html: could not write the report"):
        evaluate._write_text(tmp_path / "report.html", "<html></html>")
    assert list(tmp_path.iterdir()) == []
