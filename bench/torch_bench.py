#!/usr/bin/python3
"""PyTorch reference for bench/speed: the zoo's networks (specs/src/main/cnn/dev/cnnspec/zoo/
lenet5.cnn, lightcnn.cnn and resnet_cifar.cnn's ResNet20, whose generated classes specs/src/test/java/dev/cnnspec/bench/
SpeedBench.java times), layer for layer, with the same data, batch size and optimiser, timed the
same way: warm-up batches, then a fixed number of training batches, then inference over the same
batches. Prints one RESULT line per network, with the process's peak resident memory."""
import argparse
import gzip
import os
import resource
import time

import numpy as np
import torch
from torch import nn


class MFM(nn.Module):
    """Max-feature-map: element-wise max of the first and second half of the channels/units."""

    def forward(self, x):
        a, b = torch.chunk(x, 2, dim=1)
        return torch.maximum(a, b)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def light_cnn():
    """lightcnn.cnn with its defaults: every convolution 'same' and followed by MFM (which halves
    the channels); batch norm as DL4J's (decay 0.9 = PyTorch momentum 0.1, eps 1e-5); the spec's
    dropout(0.75) is a drop probability, as PyTorch's p."""
    def conv_mfm(cin, cout, k):
        return [nn.Conv2d(cin, cout, k, padding=k // 2), MFM()]

    def bn(c):
        return nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)
    return nn.Sequential(
        *conv_mfm(1, 64, 5), nn.MaxPool2d(2),                      # 28 → 14, 32 channels
        *conv_mfm(32, 64, 1), bn(32),
        *conv_mfm(32, 96, 3), nn.MaxPool2d(2), bn(48),             # 14 → 7, 48 channels
        *conv_mfm(48, 96, 1), bn(48),
        *conv_mfm(48, 128, 3), nn.MaxPool2d(2),                    # 7 → 3, 64 channels
        *conv_mfm(64, 128, 1), bn(64),
        *conv_mfm(64, 64, 3), bn(32),
        *conv_mfm(32, 64, 1), bn(32),
        *conv_mfm(32, 64, 3), nn.MaxPool2d(2),                     # 3 → 1, 32 channels
        nn.Flatten(), nn.Linear(32, 160), MFM(), nn.BatchNorm1d(80, eps=1e-5, momentum=0.1),
        nn.Dropout(p=0.75), nn.Linear(80, 10))


class BasicBlock(nn.Module):
    """resnet_cifar.cnn's cifar_basic: two bias-free 3×3 convolutions with batch norm, and a 1×1
    convolution + batch norm on the shortcut where the shape changes (option B)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.body(x) + self.shortcut(x))


def resnet20(n=3):
    """ResNet-20 of He et al. (CIFAR section) as resnet_cifar.cnn has it: 16, 32, 64 filters on
    32×32, 16×16, 8×8. Same padding with stride 2 is TensorFlow's (0 before, 1 after) in DL4J and
    1 on both sides here: the same output size, arithmetic and parameter count."""
    layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for stage, cout in enumerate((16, 32, 64)):
        for block in range(n):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and block == 0 else 1))
            cin = cout
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


# Trainable parameters of the zoo's generated classes (TRAINABLE_PARAMETERS; LightCNN's
# TOTAL_PARAMETERS, 164,938, also counts batch norm's 672 running means and variances, which
# PyTorch keeps as buffers). A mismatch means the two sides no longer time the same network.
EXPECTED_PARAMETERS = {"lenet5": 61_706, "lightcnn": 164_266, "resnet20": 272_474}
NETWORKS = {"lenet5": lenet5, "lightcnn": light_cnn, "resnet20": resnet20}
# Zero padding of the 28×28 images on each side, and channels (the gray image repeated).
INPUTS = {"lenet5": (2, 1), "lightcnn": (0, 1), "resnet20": (2, 3)}


def idx(path, n, item):
    with gzip.open(path, "rb") as f:
        header = 16 if item > 1 else 8
        data = f.read(header + n * item)
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(n, item)


def batches(data_dir, count, batch, pad, channels=1):
    n = count * batch
    x = idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"), n, 784).astype(np.float32) / 255.0
    y = idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"), n, 1).reshape(n).astype(np.int64)
    x = torch.from_numpy(x.reshape(n, 1, 28, 28))
    if pad:
        x = nn.functional.pad(x, (pad, pad, pad, pad))
    if channels > 1:
        x = x.repeat(1, channels, 1, 1)
    y = torch.from_numpy(y)
    return [(x[i * batch:(i + 1) * batch].contiguous(), y[i * batch:(i + 1) * batch])
            for i in range(count)]


def images_per_second(sets, warmup, batch, step):
    for xb, yb in sets[:warmup]:
        step(xb, yb)
    start, cpu_start = time.perf_counter(), time.process_time()
    for xb, yb in sets[warmup:]:
        step(xb, yb)
    images = (len(sets) - warmup) * batch
    return images / (time.perf_counter() - start), images / (time.process_time() - cpu_start)


# Layer types of the phase table (bench/speed --phases), by the top-level op under each phase:
# forward ops by their aten name, backward ops by their autograd node.
FORWARD_KINDS = {"softmax": "output dense + loss", "conv2d": "conv", "convolution": "conv", "relu": "activation", "relu_": "activation", "max_pool2d": "pooling",
                 "adaptive_avg_pool2d": "pooling", "linear": "dense", "addmm": "dense", "batch_norm": "batch norm",
                 "_batch_norm_impl_index": "batch norm", "add_": "add", "nll_loss_nd": "loss",
                 "maximum": "MFM", "chunk": "MFM", "add": "add", "flatten": "reshape", "dropout": "dropout",
                 "cross_entropy_loss": "loss"}
BACKWARD_KINDS = [("Convolution", "conv"), ("Relu", "activation"), ("Threshold", "activation"),
                  ("MaxPool", "pooling"), ("AdaptiveAvgPool", "pooling"), ("Mean", "pooling"),
                  ("Addmm", "dense"), ("Mm", "dense"), ("TBackward", "dense"), ("NativeBatchNorm", "batch norm"),
                  ("Maximum", "MFM"), ("Split", "MFM"), ("Add", "add"), ("LogSoftmax", "loss"),
                  ("NllLoss", "loss"), ("View", "reshape"), ("Reshape", "reshape"), ("UnsafeView", "reshape"),
                  ("AccumulateGrad", "gradient accumulation"), ("Mul", "dropout")]


def kind_of(phase, name):
    if phase == "update":
        return "optimizer (zero_grad, Adam)"
    if phase == "backward":
        node = name.split(": ")[-1].split("::")[-1]
        return next((k for prefix, k in BACKWARD_KINDS if node.startswith(prefix)), "other")
    return FORWARD_KINDS.get(name.replace("aten::", ""), "other")


def phases(net, model, sets, warmup, batch, loss_fn, opt):
    """Profiles training steps with torch.profiler (CPU) and prints PHASE lines: microseconds per
    image per phase and layer type, the phase totals as the profiler's ranges measured them, and
    'other' for time inside a phase that no top-level op accounts for."""
    from torch.profiler import ProfilerActivity, profile, record_function

    def step(xb, yb):
        with record_function("phase:forward"):
            out = model(xb)
        with record_function("phase:loss"):
            loss = loss_fn(out, yb)
        with record_function("phase:backward"):
            loss.backward()
        with record_function("phase:update"):
            opt.step()
            opt.zero_grad(set_to_none=True)

    model.train()
    for xb, yb in sets[:warmup]:
        step(xb, yb)
    timed = sets[warmup:]
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for xb, yb in timed:
            step(xb, yb)
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    model.eval()
    with profile(activities=[ProfilerActivity.CPU]) as inference_prof:
        with torch.no_grad():
            for xb, _ in timed:
                with record_function("phase:inference"):
                    torch.softmax(model(xb), dim=1)
    images = len(timed) * batch
    totals = {}
    ranges = [e for e in list(prof.events()) + list(inference_prof.events()) if e.name.startswith("phase:")]
    for r in ranges:
        phase = r.name.split(":")[1]
        phase = "forward" if phase == "loss" else phase
        covered = 0
        for child in r.cpu_children:
            key = (phase, kind_of(phase, child.name))
            totals[key] = totals.get(key, 0) + child.cpu_time_total
            covered += child.cpu_time_total
        totals[(phase, "(phase total)")] = totals.get((phase, "(phase total)"), 0) + r.cpu_time_total
        if phase != "inference":
            totals[("other", "inside phases")] = totals.get(("other", "inside phases"), 0) + r.cpu_time_total - covered
    totals[("step", "total")] = wall * 1e6
    totals[("step", "CPU, all threads")] = cpu * 1e6
    for (phase, kind), us in sorted(totals.items()):
        print(f'PHASE impl=pytorch net={net} phase={phase} kind="{kind}" us_per_image={us / images:.2f}', flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nets", default="lenet5,lightcnn")
    p.add_argument("--batches", type=int, default=60)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--phases", action="store_true", help="profile training phases instead (PHASE lines)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    for net in a.nets.split(","):
        model = NETWORKS[net]()
        sets = batches(a.data, a.warmup + a.batches, a.batch, *INPUTS[net])
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        last = [0.0]
        if a.phases:
            phases(net, model, sets, a.warmup, a.batch, loss_fn, opt)
            continue

        def train(xb, yb):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            last[0] = loss.item()

        def infer(xb, yb):
            with torch.no_grad():
                torch.softmax(model(xb), dim=1)

        model.train()
        train_ips = images_per_second(sets, a.warmup, a.batch, train)
        model.eval()
        infer_ips = images_per_second(sets, a.warmup, a.batch, infer)
        params = sum(t.numel() for t in model.parameters())
        if params != EXPECTED_PARAMETERS[net]:
            raise SystemExit(f"torch_bench.py: {net} has {params:,} trainable parameters, the zoo's "
                             f"{EXPECTED_PARAMETERS[net]:,}: make the PyTorch network mirror the spec again")
        print(f"RESULT impl=pytorch net={net} params={params} train_ips={train_ips[0]:.1f} "
              f"infer_ips={infer_ips[0]:.1f} train_cpu_ips={train_ips[1]:.1f} "
              f"infer_cpu_ips={infer_ips[1]:.1f} final_loss={last[0]:.4f} "
              f"peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
              f"path=\"torch {torch.__version__}, {torch.get_num_threads()} threads\"", flush=True)


if __name__ == "__main__":
    main()
