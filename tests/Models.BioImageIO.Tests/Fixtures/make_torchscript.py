"""Writes a tiny BioImage.IO 0.5 model package with TorchScript weights (and, with --onnx, the same network as ONNX),
for the tests of tacs's TorchScript path. Run by the tests under Debian's python3-torch (apt-get install python3-torch).

    python3 make_torchscript.py OUT_FOLDER [--onnx]

The network (conv 3x3, 1 -> 4 channels, ReLU, conv 1x1, 4 -> 1) has fixed weights from a seeded generator, so the
test output is computed here by torch itself and tacs must reproduce it through TorchSharp (or ONNX Runtime)."""
import hashlib
import os
import sys

import numpy as np
import torch


class TinyNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.first = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.second = torch.nn.Conv2d(4, 1, 1)

    def forward(self, x):
        return self.second(torch.relu(self.first(x)))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    out = sys.argv[1]
    with_onnx = "--onnx" in sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(23)
    net = TinyNet().eval()

    # A 48x40 input with structure (a ramp, a bright square, seeded noise) on a camera-like scale.
    rng = np.random.default_rng(23)
    y, x = np.mgrid[0:48, 0:40]
    raw = 100 + 2.0 * x + 0.5 * y + rng.normal(0, 5, (48, 40))
    raw[10:20, 12:25] += 300
    raw = raw.astype(np.float32)[None, None]
    # The declared preprocessing (zero_mean_unit_variance over x, y), done here in float64 as the spec says.
    prepared = ((raw - raw.astype(np.float64).mean()) / (raw.astype(np.float64).std() + 1e-6)).astype(np.float32)
    with torch.no_grad():
        expected = net(torch.from_numpy(prepared)).numpy().astype(np.float32)

    traced = torch.jit.trace(net, torch.from_numpy(prepared))
    traced.save(os.path.join(out, "weights.pt"))
    np.save(os.path.join(out, "test_input.npy"), raw)
    np.save(os.path.join(out, "test_output.npy"), expected)
    weights = "weights:\n  torchscript:\n    source: weights.pt\n    sha256: %s\n    pytorch_version: '%s'\n" % (
        sha256(os.path.join(out, "weights.pt")), torch.__version__.split("+")[0])
    if with_onnx:
        torch.onnx.export(net, torch.from_numpy(prepared), os.path.join(out, "weights.onnx"), opset_version=17,
                          input_names=["raw"], output_names=["out"],
                          dynamic_axes={"raw": {2: "y", 3: "x"}, "out": {2: "y", 3: "x"}})
        weights += "  onnx:\n    source: weights.onnx\n    sha256: %s\n    opset_version: 17\n" % sha256(os.path.join(out, "weights.onnx"))

    description = f"""format_version: 0.5.4
type: model
id: tiny-torchscript
name: Tiny TorchScript test network
description: A 3x3 and a 1x1 convolution with seeded weights, written by tests/Models.BioImageIO.Tests/Fixtures/make_torchscript.py.
authors:
  - name: tacs tests
cite:
  - text: tacs test fixture
    url: https://example.com/
license: MIT
tags: [test]
inputs:
  - id: raw
    axes:
      - type: batch
      - type: channel
        channel_names: [raw]
      - id: y
        type: space
        size: {{min: 8, step: 1}}
      - id: x
        type: space
        size: {{min: 8, step: 1}}
    test_tensor:
      source: test_input.npy
      sha256: {sha256(os.path.join(out, "test_input.npy"))}
    preprocessing:
      - id: zero_mean_unit_variance
        kwargs:
          axes: [y, x]
outputs:
  - id: out
    axes:
      - type: batch
      - type: channel
        channel_names: [out]
      - id: y
        type: space
        halo: 2
        size: {{tensor_id: raw, axis_id: y}}
      - id: x
        type: space
        halo: 2
        size: {{tensor_id: raw, axis_id: x}}
    test_tensor:
      source: test_output.npy
      sha256: {sha256(os.path.join(out, "test_output.npy"))}
{weights}"""
    with open(os.path.join(out, "bioimageio.yaml"), "w") as f:
        f.write(description)


if __name__ == "__main__":
    main()
