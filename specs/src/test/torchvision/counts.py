"""Parameter counts of torchvision models, the independent reference of zoo specs.

Prints, per model, the trainable parameters (model.parameters()) and the total the language counts:
those plus every batch norm's running mean and variance (model.buffers() without
num_batches_tracked, a step counter the language does not keep). No weights are downloaded
(weights=None). Run it in a venv with torch and torchvision, e.g.

    python3 -m venv /tmp/tv && /tmp/tv/bin/pip install --no-index \
        --find-links /opt/pypi-more/files --find-links /opt/wheels "torch==2.13.0+cpu" "torchvision==0.28.0"
    /tmp/tv/bin/python specs/src/test/torchvision/counts.py
"""
import sys
import types

import torch

# torchvision registers shape functions of its detection operators (nms, roi_align) when imported;
# with a torchvision wheel built against another torch than the one installed (here: the CUDA
# torchvision wheel beside the CPU torch), its native operators do not load and that registration
# fails. The models counted here use none of them, so the registration is skipped.
sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
import torchvision  # noqa: E402
from torchvision import models  # noqa: E402

MODELS = {
    "shufflenet_v2_x0_5": models.shufflenet_v2_x0_5,
    "shufflenet_v2_x1_0": models.shufflenet_v2_x1_0,
    "shufflenet_v2_x1_5": models.shufflenet_v2_x1_5,
    "shufflenet_v2_x2_0": models.shufflenet_v2_x2_0,
    "resnext50_32x4d": models.resnext50_32x4d,
}

print(f"torch {torch.__version__}, torchvision {torchvision.__version__}")
for name, make in MODELS.items():
    model = make(weights=None)
    trainable = sum(p.numel() for p in model.parameters())
    statistics = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    print(f"{name}: trainable {trainable:,}, total {trainable + statistics:,}")
