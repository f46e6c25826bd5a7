#!/usr/bin/python3
"""Reads the RESULT lines of bench/speed from stdin and prints the comparison table (Markdown)."""
import re
import sys

rows = {}
paths = {}
for line in sys.stdin:
    if not line.startswith("RESULT "):
        continue
    fields = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
    impl, net = fields["impl"], fields["net"]
    rows[(impl, net)] = (float(fields["train_ips"]), float(fields["infer_ips"]), int(fields["params"]),
                         float(fields.get("train_cpu_ips", "nan")), float(fields.get("infer_cpu_ips", "nan")))
    paths[impl] = fields["path"].strip('"')

nets = sorted({net for _, net in rows}, key=lambda n: ["lenet5", "lightcnn"].index(n) if n in ("lenet5", "lightcnn") else 9)
names = {"lenet5": "LeNet-5 (32×32×1)", "lightcnn": "Light CNN (28×28×1, MFM)"}
impls = [("pytorch", "PyTorch"), ("dl4j-plain", "plain DL4J"), ("dl4j-fast", "cnn-spec")]


def cell(impl, net, i):
    v = rows.get((impl, net))
    return f"{v[i]:,.0f}" if v and v[i] == v[i] else "–"


def ratio(net, i):
    a, b = rows.get(("dl4j-fast", net)), rows.get(("pytorch", net))
    return f"{a[i] / b[i]:.2f}×" if a and b else "–"


# Wall-clock rates are the result; rates per CPU-second (all threads) are a diagnostic that a busy
# machine disturbs less, but OpenMP spin-waiting inflates them, so they never replace the first two.
for what, i in (("train img/s", 0), ("inference img/s", 1), ("train img/CPU-s", 3), ("inference img/CPU-s", 4)):
    print(f"| network | params | " + " | ".join(f"{label} {what}" for _, label in impls)
          + f" | cnn-spec / PyTorch |")
    print("|---|---:|" + "---:|" * (len(impls) + 1))
    for net in nets:
        params = next((rows[(impl, net)][2] for impl, _ in impls if (impl, net) in rows), 0)
        print(f"| {names.get(net, net)} | {params:,} | "
              + " | ".join(cell(impl, net, i) for impl, _ in impls) + f" | {ratio(net, i)} |")
    print()
for impl, label in impls:
    if impl in paths:
        print(f"- {label}: {paths[impl]}")
