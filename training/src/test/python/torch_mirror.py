#!/usr/bin/env python3
"""PyTorch mirror of the platform's networks, for submit-scripts/benchmark-throughput.sh.

The same layers, sizes, batch, loss and optimiser as the DL4J network, fed the very tensors the
DL4J network is fed (exported by ThroughputRun export: <split>-wave.npy, <split>-rr.npy,
<split>-labels.npy, network.json), timed for each thread count.

  beat   BeatNetwork: wave [n, C, W] -> Conv1d(F1, k1, same) ReLU -> MaxPool(p) -> Conv1d(F2, k2, same)
         ReLU -> MaxPool(p) -> LSTM(H), last step ; concat rr [n, R] -> Linear(D) ReLU -> Linear(K);
         cross-entropy with the class weights of network.json; Adam(lr); batch from network.json.

Training: one warm-up pass over --warmup-batches, then one timed epoch over the train split in a
seeded shuffle (the last batch may be smaller, as in LocalTrainer). Inference: eval mode, no
gradients, softmax, over the --infer-split in batches of --infer-batch. Each thread count starts
from the same seeded weights.

usage: /usr/bin/python3 torch_mirror.py --data DIR --result FILE [--network beat] [--threads 1,2]
       [--infer-batch 512] [--infer-split test] [--max-train-beats N]
Writes key=value lines: train_<t>, loss_<t>, infer_<t> (examples/s, mean loss) per thread count t,
and train_best, train_best_threads, infer_best, infer_best_threads.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn


class BeatNet(nn.Module):
    """The mirror of org.ecgplatform.training.model.BeatNetwork."""

    def __init__(self, n):
        super().__init__()
        c, f1, k1, f2, k2, p = n["leads"], n["conv1_filters"], n["conv1_kernel"], n["conv2_filters"], n["conv2_kernel"], n["pool"]
        # DL4J's ConvolutionMode.Same with stride 1 and an odd kernel pads (k - 1) / 2 on each side.
        self.conv = nn.Sequential(
            nn.Conv1d(c, f1, k1, padding=(k1 - 1) // 2), nn.ReLU(), nn.MaxPool1d(p),
            nn.Conv1d(f1, f2, k2, padding=(k2 - 1) // 2), nn.ReLU(), nn.MaxPool1d(p))
        self.lstm = nn.LSTM(f2, n["lstm_units"], batch_first=True)
        self.head = nn.Sequential(
            nn.Linear(n["lstm_units"] + n["rr_features"], n["dense_units"]), nn.ReLU(),
            nn.Linear(n["dense_units"], n["classes"]))

    def forward(self, wave, rr):
        h = self.conv(wave).transpose(1, 2)   # [n, T, F2]
        _, (hn, _) = self.lstm(h)             # last step of the only layer
        return self.head(torch.cat([hn[-1], rr], 1))


NETWORKS = {"beat": BeatNet}


def load(data, split):
    wave = torch.from_numpy(np.load(os.path.join(data, split + "-wave.npy")))
    rr = torch.from_numpy(np.load(os.path.join(data, split + "-rr.npy")))
    labels = torch.from_numpy(np.load(os.path.join(data, split + "-labels.npy")))
    return wave, rr, labels


def train_rate(net_cls, n, wave, rr, labels, batch, warmup_batches):
    torch.manual_seed(42)
    net = net_cls(n)
    opt = torch.optim.Adam(net.parameters(), lr=n["learning_rate"])
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(n["class_weights"], dtype=torch.float32))
    count = wave.shape[0]
    for i in range(min(warmup_batches, max(1, count // batch))):
        s = slice(i * batch, (i + 1) * batch)
        opt.zero_grad()
        loss_fn(net(wave[s], rr[s]), labels[s]).backward()
        opt.step()
    order = torch.randperm(count, generator=torch.Generator().manual_seed(7))
    loss_sum = 0.0
    start = time.perf_counter()
    for i in range(0, count, batch):
        idx = order[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(net(wave[idx], rr[idx]), labels[idx])
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(idx)
    seconds = time.perf_counter() - start
    return count / seconds, loss_sum / count, net


def infer_rate(net, wave, rr, batch):
    net.eval()
    with torch.no_grad():
        for i in range(0, min(wave.shape[0], 2 * batch), batch):   # warm-up
            torch.softmax(net(wave[i:i + batch], rr[i:i + batch]), 1)
        start = time.perf_counter()
        for i in range(0, wave.shape[0], batch):
            torch.softmax(net(wave[i:i + batch], rr[i:i + batch]), 1)
        seconds = time.perf_counter() - start
    return wave.shape[0] / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--result", required=True)
    ap.add_argument("--network", default="beat", choices=sorted(NETWORKS))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batch", type=int, default=0, help="training batch (default: network.json's)")
    ap.add_argument("--infer-batch", type=int, default=512)
    ap.add_argument("--infer-split", default="test")
    ap.add_argument("--max-train-beats", type=int, default=0)
    ap.add_argument("--warmup-batches", type=int, default=5)
    a = ap.parse_args()
    with open(os.path.join(a.data, "network.json")) as f:
        n = json.load(f)
    batch = a.batch or n["batch"]
    wave, rr, labels = load(a.data, "train")
    if a.max_train_beats:
        wave, rr, labels = wave[:a.max_train_beats], rr[:a.max_train_beats], labels[:a.max_train_beats]
    iwave, irr, _ = load(a.data, a.infer_split)
    out = {}
    for t in [int(x) for x in a.threads.split(",")]:
        torch.set_num_threads(t)
        train, loss, net = train_rate(NETWORKS[a.network], n, wave, rr, labels, batch, a.warmup_batches)
        infer = infer_rate(net, iwave, irr, a.infer_batch)
        out["train_%d" % t], out["loss_%d" % t], out["infer_%d" % t] = train, loss, infer
        print("torch %s threads=%d batch=%d: train %.0f examples/s (loss %.4f), infer %.0f examples/s (batch %d)"
              % (torch.__version__, t, batch, train, loss, infer, a.infer_batch), flush=True)
    for kind in ("train", "infer"):
        best = max((k for k in out if k.startswith(kind + "_")), key=lambda k: out[k])
        out[kind + "_best"], out[kind + "_best_threads"] = out[best], int(best.split("_")[1])
    out["torch_version"] = torch.__version__
    with open(a.result, "w") as f:
        for k, v in out.items():
            f.write("%s=%s\n" % (k, v))


if __name__ == "__main__":
    main()
