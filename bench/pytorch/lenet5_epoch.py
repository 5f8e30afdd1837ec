#!/usr/bin/python3
"""Epoch time of LeNet-5 on Fashion-MNIST in PyTorch CPU: the peer of bench/Verge.Bench.Learning.

Same model (conv 5x5 pad 2 -> relu -> maxpool, conv 5x5 -> relu -> maxpool, fc 400-120-84-10), same data
convention (pixels/255, 1x28x28), Adam lr 1e-3, batch 64, shuffled. Run with Debian's interpreter and torch:
    /usr/bin/python3 bench/pytorch/lenet5_epoch.py [EPOCHS] [BATCH] [THREADS]
"""
import gzip
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        _, _, _, ndim = struct.unpack(">BBBB", f.read(4))
        dims = struct.unpack(">" + "I" * ndim, f.read(4 * ndim))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x_train = torch.from_numpy(read_idx(f"{DATA}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0).unsqueeze(1)
    y_train = torch.from_numpy(read_idx(f"{DATA}/train-labels-idx1-ubyte.gz").astype(np.int64))
    x_test = torch.from_numpy(read_idx(f"{DATA}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0).unsqueeze(1)
    y_test = torch.from_numpy(read_idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    model = LeNet5()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    print(f"pytorch {torch.__version__} lenet5: batch {batch}, {threads} threads")
    for epoch in range(1, epochs + 1):
        model.train()
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(len(x_train))
        total = 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        model.eval()
        with torch.no_grad():
            acc = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(f"epoch {epoch}: {seconds:.2f} s ({cpu:.2f} CPU s), train loss {total / len(x_train):.4f}, test accuracy {100 * acc:.2f} %")


if __name__ == "__main__":
    main()
