#!/usr/bin/python3
"""Reads the PHASE and OPS lines of bench/speed --phases from stdin and prints, per network, one
Markdown table: microseconds per image of each training phase and layer type, cnn-spec beside
PyTorch, and their ratio (cnn-spec / PyTorch: above 1 means we are slower there).

Two figures per side. 'wall' is what the timers inside the step measured (DL4J: around each
vertex's doForward/doBackward; PyTorch: torch.profiler around each top-level op). 'CPU' scales
those by the process's CPU time over its wall time for the whole timed run: on a machine shared
with other work, a process that waits for a core has its wall figures inflated evenly, and the
scaled figures remove that, so they are the ones to compare on a busy machine. On an idle machine
with one thread the two agree; with two OpenMP threads 'CPU' also counts the spinning of waiting
threads."""
import re
import sys

values = {}
ops = {}
for line in sys.stdin:
    fields = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
    if line.startswith("PHASE "):
        key = (fields["net"], fields["impl"])
        values.setdefault(key, {})[(fields["phase"], fields["kind"].strip('"'))] = float(fields["us_per_image"])
    elif line.startswith("OPS "):
        ops[(fields["net"], fields["impl"])] = int(fields["native_ops_per_step"])

ORDER = ["forward", "backward", "update", "other", "step", "inference"]
nets = []
for net, _ in values:
    if net not in nets:
        nets.append(net)


def scale(table):
    wall, cpu = table.get(("step", "total")), table.get(("step", "CPU, all threads"))
    return cpu / wall if wall and cpu else float("nan")


def fmt(v):
    return "–" if v is None or v != v else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}")


for net in nets:
    ours_impl = next((i for n, i in values if n == net and i.startswith("dl4j")), None)
    ours, torch = values.get((net, ours_impl), {}), values.get((net, "pytorch"), {})
    s_ours, s_torch = scale(ours), scale(torch)
    print(f"**{net}** ({ours_impl} vs pytorch; µs per image; CPU = wall × the process's CPU/wall"
          f" over the run: {s_ours:.2f} and {s_torch:.2f})")
    print()
    print("| phase | layer type | cnn-spec wall | PyTorch wall | cnn-spec CPU | PyTorch CPU | CPU ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    keys = sorted(set(ours) | set(torch), key=lambda k: (ORDER.index(k[0]) if k[0] in ORDER else 9, k[1]))
    for phase, kind in keys:
        a, b = ours.get((phase, kind)), torch.get((phase, kind))
        if (a or 0) < 0.05 and (b or 0) < 0.05:
            continue
        ca = a * s_ours if a is not None and kind != "CPU, all threads" else a
        cb = b * s_torch if b is not None and kind != "CPU, all threads" else b
        ratio = f"{ca / cb:.2f}×" if ca and cb else "–"
        print(f"| {phase} | {kind} | {fmt(a)} | {fmt(b)} | {fmt(ca)} | {fmt(cb)} | {ratio} |")
    if (net, ours_impl) in ops:
        print(f"| step | ND4J op executions per step | {ops[(net, ours_impl)]:,} | | | | |")
    print()
