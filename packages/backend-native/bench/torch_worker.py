"""PyTorch side of bench/paired.ts: seed 004's MLP (784-512-512-10, RMSprop, batch 128, one
thread), as apps/bench/src/pytorch_mlp.py builds it. Reads a step count per line on stdin,
runs that many training steps and prints the seconds they took, so the two frameworks can be
timed in alternating short chunks on a machine whose load drifts."""
import ctypes
import sys
import time

import torch

torch.set_num_threads(1)
model = torch.nn.Sequential(
    torch.nn.Linear(784, 512), torch.nn.ReLU(),
    torch.nn.Linear(512, 512), torch.nn.ReLU(),
    torch.nn.Linear(512, 10),
)
optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.rand(60000, 784)
y = torch.randint(0, 10, (60000,))
index = 0


def step():
    global index
    start = (index * 128) % (60000 - 128)
    index += 1
    optimizer.zero_grad()
    loss = loss_fn(model(x[start:start + 128]), y[start:start + 128])
    loss.backward()
    optimizer.step()


for _ in range(3):
    step()

def blas_threads():
    """Threads of the OpenBLAS torch loaded (torch.set_num_threads does not set them), or '?'."""
    try:
        return str(ctypes.CDLL("libopenblas.so.0").openblas_get_num_threads())
    except (OSError, AttributeError):
        return "?"


print("ready", blas_threads(), flush=True)
for line in sys.stdin:
    steps = int(line)
    began = time.perf_counter()
    for _ in range(steps):
        step()
    print(time.perf_counter() - began, flush=True)
