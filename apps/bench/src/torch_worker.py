"""PyTorch side of src/paired.ts: seed 004's MLP as src/pytorch_mlp.py builds it, one thread.
Reads a step count per line on stdin, runs that many training steps and prints the seconds they
took, so the two frameworks can be timed in alternating short chunks on a machine whose load drifts."""
import sys
import time

import torch

from pytorch_mlp import blas_threads, mlp_training_step

torch.set_num_threads(1)
step = mlp_training_step()
index = 0
for _ in range(3):
    step(index)
    index += 1
print("ready", blas_threads(), flush=True)
for line in sys.stdin:
    steps = int(line)
    began = time.perf_counter()
    for _ in range(steps):
        step(index)
        index += 1
    print(time.perf_counter() - began, flush=True)
