"""Every class of SynthAV's combined class set (the reference design trains on it) must be tellable from every other:
two classes that share sprite, sound, motion and timing are one kind of clip under two labels."""
import dataclasses

def _what_a_clip_shows(c) -> str:
    d = dataclasses.asdict(c)
    for k in ("name", "head", "event_type"): d.pop(k, None)
    d["sync"] = True if d["sync"] is None else d["sync"]   # the standard classes: sight changes with the sound
    return repr(sorted(d.items()))

def _collisions(classes) -> list[list[str]]:
    seen = {}
    for c in classes: seen.setdefault(_what_a_clip_shows(c), []).append(c.name)
    return [names for names in seen.values() if len(names) > 1]

def test_collisions_are_found():                                   # the check itself, on a made-up pair
    from avfusion_viz.synthav import CLASSES
    twin = dataclasses.replace(CLASSES[0], name="another drum")
    assert _collisions([CLASSES[0], twin, CLASSES[1]]) == [["drum", "another drum"]]
    assert _collisions(CLASSES) == []                              # the standard set alone is clean

def test_every_class_of_the_combined_set_can_be_told_apart():
    from avfusion_viz.synthav import CLASS_SETS
    assert _collisions(CLASS_SETS["all"]) == []
