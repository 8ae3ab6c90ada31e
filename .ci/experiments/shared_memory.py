"""What a DataLoader worker pays to hand a batch of 10 s clips (100 frames of 112x112 uint8 RGB, 3.76 MB each) to the
training process: a fresh shared-memory batch (as torch's collate makes in a worker) against private memory, CPU time
per clip; and the same through a DataLoader with 0 and 1 worker, for a data set whose items cost nothing to make, with
torch's collate (shared memory) and with numpy batches (pickled through the worker's pipe).

    python .ci/experiments/shared_memory.py
"""
import ctypes, resource, time
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

torch.set_num_threads(1)
SHAPE, BATCH = (100, 112, 112, 3), 8

def per_clip(f, n=20):
    f(); t0 = time.process_time()
    for _ in range(n): f()
    return (time.process_time() - t0) / n / BATCH * 1e3

def shared(populate=False):
    x = torch.empty(0, dtype=torch.uint8).set_(torch.UntypedStorage._new_shared(BATCH * 100 * 112 * 112 * 3)).view(BATCH, *SHAPE)
    if populate:                                    # MADV_POPULATE_WRITE (Linux 5.14+): fault every page in one call
        p = x.data_ptr(); a = p - p % 4096
        ctypes.CDLL("libc.so.6").madvise(ctypes.c_void_p(a), ctypes.c_size_t(x.numel() + p - a), 23)
    return x.fill_(3)

print(f"private batch, allocate + write: {per_clip(lambda: torch.empty(BATCH, *SHAPE, dtype=torch.uint8).fill_(3)):.2f} ms CPU per clip")
print(f"shared batch,  allocate + write: {per_clip(shared):.2f} ms CPU per clip")
print(f"shared batch,  prefaulted first: {per_clip(lambda: shared(True)):.2f} ms CPU per clip")

class Items(Dataset):
    def __len__(self): return 256
    def __getitem__(self, i): return torch.empty(SHAPE, dtype=torch.uint8).fill_(i % 250)

def cpu(who): r = resource.getrusage(who); return r.ru_utime + r.ru_stime
for how, collate in (("torch shared memory", None), ("numpy through the pipe", lambda b: np.stack([x.numpy() for x in b]))):
    for workers in (0, 1):
        m0, c0 = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
        n = sum(len(torch.as_tensor(b)) for b in DataLoader(Items(), batch_size=BATCH, num_workers=workers, collate_fn=collate))
        main, child = (cpu(resource.RUSAGE_SELF) - m0) / n * 1e3, (cpu(resource.RUSAGE_CHILDREN) - c0) / n * 1e3
        print(f"DataLoader, {how}, {workers} workers: {main:.2f} ms CPU per clip in the main process, {child:.2f} in the worker")
