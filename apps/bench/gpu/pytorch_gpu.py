"""Seed 004's MLP in PyTorch on the GPU: one 469-step epoch, batch 128, RMSprop, random MNIST-shaped data."""
import time
import torch

device = "cuda"
model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10)).to(device)
optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.rand(60000, 784, device=device)
y = torch.randint(0, 10, (60000,), device=device)


def epoch(steps):
    order = torch.randperm(60000, device=device)
    for i in range(steps):
        index = order[i * 128:(i + 1) * 128]
        optimizer.zero_grad()
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        optimizer.step()
    return loss.item()


epoch(5)
torch.cuda.synchronize()
t0 = time.perf_counter()
loss = epoch(469)
torch.cuda.synchronize()
print(f"PyTorch {torch.__version__} MLP on {torch.cuda.get_device_name()}: {time.perf_counter() - t0:.3f} s/epoch (469 steps); loss {loss:.4f}")
