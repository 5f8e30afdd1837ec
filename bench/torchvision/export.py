#!/usr/bin/python3
"""Exports torchvision's reference networks (random weights, eval mode, opset 13, static batch 1) and a small LSTM
classifier to ONNX, so Verge's graph loading and MAC/parameter counts can be held against real torch.onnx output.

Usage: /usr/bin/python3 bench/torchvision/export.py [OUT_DIR]   (default: /tmp/verge-torchvision)
Needs Debian's python3-torch, python3-torchvision and python3-onnx (use /usr/bin/python3, not a pyenv python).
"""
import os
import sys

import torch
import torchvision.models as tv

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/verge-torchvision"


class LstmClassifier(torch.nn.Module):
    """1x32x64 (batch, steps, features) -> LSTM(128) -> last hidden state -> Linear -> 1x10, like zoo:lstm-seq."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(64, 128, batch_first=True)
        self.fc = torch.nn.Linear(128, 10)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


MODELS = {
    "resnet18": (lambda: tv.resnet18(weights=None), (1, 3, 224, 224)),
    "mobilenet_v2": (lambda: tv.mobilenet_v2(weights=None), (1, 3, 224, 224)),
    "squeezenet1_1": (lambda: tv.squeezenet1_1(weights=None), (1, 3, 224, 224)),
    "googlenet": (lambda: tv.googlenet(weights=None, aux_logits=False, init_weights=True), (1, 3, 224, 224)),
    "densenet121": (lambda: tv.densenet121(weights=None), (1, 3, 224, 224)),
    "shufflenet_v2_x1_0": (lambda: tv.shufflenet_v2_x1_0(weights=None), (1, 3, 224, 224)),
    "lstm": (LstmClassifier, (1, 32, 64)),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    for name, (make, shape) in MODELS.items():
        model = make().eval()
        params = sum(p.numel() for p in model.parameters())
        path = os.path.join(OUT, name + ".onnx")
        with torch.no_grad():
            torch.onnx.export(model, torch.randn(*shape), path, opset_version=13, do_constant_folding=True,
                              input_names=["input"], output_names=["output"])
        print(f"{name}\t{params}\t{path}", flush=True)


if __name__ == "__main__":
    main()
