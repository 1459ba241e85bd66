#!/usr/bin/env python3
"""Writes the sentence-embedding model (a BERT encoder in safetensors, as
scripts/setup-model.sh installs it) as ONNX graphs that ONNX Runtime runs:

    model.onnx       the exact encoder in f32
    model.int8.onnx  the same with int8 weights (dynamic quantisation, one
                     scale per output column)

Each graph takes input_ids and attention_mask (int32, batch x length, padded
on the right) and gives sentence_embedding: the mean of the last layer over
the unmasked pieces, L2-normalised, as sentence-transformers' Pooling and
Normalize modules do.

The graph is written here, from the weights, rather than exported with
PyTorch: the setup then needs only the onnx package (and onnxruntime for the
int8 form), not torch, and the graph uses ONNX Runtime's fused transformer
operators (Attention, SkipLayerNormalization, BiasGelu) directly instead of
hoping its optimiser recognises an exporter's pattern.

    python3 scripts/build_onnx_model.py MODEL_DIR [OUT_DIR]
"""

import json
import logging
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MS = "com.microsoft"


def read_safetensors(path):
    """The tensors of a safetensors file, by name (the format is an 8-byte
    header length, a JSON header, then the raw little-endian data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] not in dtypes:
            sys.exit(f"{path}: tensor {name} is {meta['dtype']}; only F32, F16 and I64 are read")
        start, end = meta["data_offsets"]
        arr = np.frombuffer(data[start:end], dtype=dtypes[meta["dtype"]])
        out[name] = arr.reshape(meta["shape"]).astype(np.float32, copy=False) if meta["dtype"] != "I64" else arr
    # Some exports prefix every name with the model's own ("bert.").
    if not any(k.startswith("embeddings.") for k in out):
        out = {k.split(".", 1)[1]: v for k, v in out.items() if "." in k}
    return out


def build(model_dir):
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    if config.get("hidden_act", "gelu") != "gelu":
        sys.exit(f"unsupported activation {config.get('hidden_act')!r}: only gelu")
    w = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    layers = config["num_hidden_layers"]
    eps = float(config.get("layer_norm_eps", 1e-12))

    inits = []
    nodes = []

    def init(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op, inputs, outputs, domain=None, **attrs):
        nodes.append(helper.make_node(op, inputs, outputs, name=outputs[0], domain=domain, **attrs))
        return outputs[0]

    def dense_add_norm(inp, residual, p, dense_out, out):
        """inp x W + b + residual, layer-normalised (weights named p_w,
        p_b, p_g, p_beta): BERT's output sublayers."""
        dense = node("MatMul", [inp, f"{p}_w"], [dense_out])
        return node(
            "SkipLayerNormalization",
            [dense, residual, f"{p}_g", f"{p}_beta", f"{p}_b"],
            [out],
            domain=MS,
            epsilon=eps,
        )

    # Embeddings: words plus positions plus token type 0 (a single segment),
    # the last two folded into one table.
    e = "embeddings."
    init("word_emb", w[e + "word_embeddings.weight"])
    init("pos_emb", w[e + "position_embeddings.weight"] + w[e + "token_type_embeddings.weight"][0])
    init("emb_ln_g", w[e + "LayerNorm.weight"])
    init("emb_ln_b", w[e + "LayerNorm.bias"])
    init("zero1", np.array([0], dtype=np.int64))
    init("one1", np.array([1], dtype=np.int64))
    init("two1", np.array([2], dtype=np.int64))
    init("axis1", np.array([1], dtype=np.int64))
    node("Shape", ["input_ids"], ["ids_shape"])
    node("Slice", ["ids_shape", "one1", "two1"], ["seq_len"])
    node("Slice", ["pos_emb", "zero1", "seq_len"], ["pos_rows"])
    node("Gather", ["word_emb", "input_ids"], ["word_rows"], axis=0)
    node("Add", ["word_rows", "pos_rows"], ["emb_sum"])
    x = node(
        "LayerNormalization", ["emb_sum", "emb_ln_g", "emb_ln_b"], ["h0"], axis=-1, epsilon=eps
    )

    for i in range(layers):
        p = f"encoder.layer.{i}."
        a = p + "attention."
        qkv_w = np.concatenate(
            [w[a + f"self.{k}.weight"].T for k in ("query", "key", "value")], axis=1
        )
        qkv_b = np.concatenate([w[a + f"self.{k}.bias"] for k in ("query", "key", "value")])
        init(f"l{i}_qkv_w", qkv_w)
        init(f"l{i}_qkv_b", qkv_b)
        init(f"l{i}_ao_w", w[a + "output.dense.weight"].T)
        init(f"l{i}_ao_b", w[a + "output.dense.bias"])
        init(f"l{i}_ao_g", w[a + "output.LayerNorm.weight"])
        init(f"l{i}_ao_beta", w[a + "output.LayerNorm.bias"])
        init(f"l{i}_in_w", w[p + "intermediate.dense.weight"].T)
        init(f"l{i}_in_b", w[p + "intermediate.dense.bias"])
        init(f"l{i}_out_w", w[p + "output.dense.weight"].T)
        init(f"l{i}_out_b", w[p + "output.dense.bias"])
        init(f"l{i}_out_g", w[p + "output.LayerNorm.weight"])
        init(f"l{i}_out_beta", w[p + "output.LayerNorm.bias"])

        att = node(
            "Attention",
            [x, f"l{i}_qkv_w", f"l{i}_qkv_b", "attention_mask"],
            [f"l{i}_att"],
            domain=MS,
            num_heads=heads,
        )
        x1 = dense_add_norm(att, x, f"l{i}_ao", f"l{i}_att_proj", f"l{i}_x1")
        inter = node("MatMul", [x1, f"l{i}_in_w"], [f"l{i}_inter"])
        act = node("BiasGelu", [inter, f"l{i}_in_b"], [f"l{i}_gelu"], domain=MS)
        x = dense_add_norm(act, x1, f"l{i}_out", f"l{i}_ffn", f"l{i}_x2")

    # Mean over the unmasked pieces, then L2 normalisation.
    init("min_count", np.array(1e-9, dtype=np.float32))
    node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT)
    node("Unsqueeze", ["mask_f", "two1"], ["mask_3d"])
    node("Mul", [x, "mask_3d"], ["masked"])
    node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0)
    node("ReduceSum", ["mask_3d", "axis1"], ["count"], keepdims=0)
    node("Max", ["count", "min_count"], ["count_safe"])
    node("Div", ["summed", "count_safe"], ["mean"])
    node("LpNormalization", ["mean"], ["sentence_embedding"], axis=-1, p=2)

    graph = helper.make_graph(
        nodes,
        "sentence_encoder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT32, ["batch", "length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT32, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)],
        producer_name="parallax",
    )
    model.ir_version = 8
    return model


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    model_dir = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) == 3 else model_dir
    model = build(model_dir)
    f32 = os.path.join(out_dir, "model.onnx")
    onnx.save(model, f32)
    print(f"wrote {f32}")
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        print("onnxruntime is not installed: no int8 form written", file=sys.stderr)
        return
    int8 = os.path.join(out_dir, "model.int8.onnx")
    # The quantiser advises a pre-processing pass meant for image models
    # through the root logger; the graph here is already in fused form.
    logging.getLogger().setLevel(logging.ERROR)
    quantize_dynamic(
        f32,
        int8,
        weight_type=QuantType.QInt8,
        # One scale per output column: with one per matrix the vectors fell
        # to cosine 0.91 of the exact ones on news; per column, 0.99.
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention"],
        # Shape inference cannot type the fused operators' outputs.
        extra_options={"DefaultTensorType": TensorProto.FLOAT},
    )
    print(f"wrote {int8}")


if __name__ == "__main__":
    main()
