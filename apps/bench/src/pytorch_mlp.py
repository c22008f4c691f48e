"""Seed 004's MLP in PyTorch (one thread), timed like the TypeScript runs: seconds per step,
scaled to a 469-step MNIST epoch. Prints one JSON line. Random data of MNIST's shape: timing only.
src/torch_worker.py imports the model and the thread report from here."""
import ctypes
import json
import sys
import time

import torch


def mlp_training_step():
    """Returns step(i), one RMSprop training step of 784-512-512-10 on batch i (128 rows)."""
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(),
        torch.nn.Linear(512, 512), torch.nn.ReLU(),
        torch.nn.Linear(512, 10),
    )
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.rand(60000, 784)
    y = torch.randint(0, 10, (60000,))

    def step(i):
        start = (i * 128) % (60000 - 128)
        optimizer.zero_grad()
        loss = loss_fn(model(x[start:start + 128]), y[start:start + 128])
        loss.backward()
        optimizer.step()

    return step


def blas_threads():
    """Threads of the OpenBLAS torch loaded (torch.set_num_threads does not set them), or '?'.
    Debian's torch does its products through the system OpenBLAS."""
    try:
        return str(ctypes.CDLL("libopenblas.so.0").openblas_get_num_threads())
    except (OSError, AttributeError):
        return "?"


def main():
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    step = mlp_training_step()
    for i in range(10):  # the same warm-up as the TypeScript rows (src/timing.ts)
        step(i)
    t0 = time.perf_counter()
    for i in range(steps):
        step(10 + i)
    per_step = (time.perf_counter() - t0) / steps
    threads = blas_threads()
    blas = "BLAS threads unknown" if threads == "?" else f"OpenBLAS {threads} thread(s)"
    print(json.dumps({"label": "PyTorch MLP", "backend": f"torch {torch.__version__} cpu, {torch.get_num_threads()} thread(s), {blas}",
                      "secondsPerEpoch": per_step * 469, "stepsTimed": steps, "stepsPerEpoch": 469}))


if __name__ == "__main__":
    main()
