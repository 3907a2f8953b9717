#!/usr/bin/python3
"""Generates the tiny random-weight decoder used by the local-tier tests.

Writes, into router-service/src/test/resources/tiny-decoder/ (or the folder given as the first
argument):
  model.onnx      a 2-head, 3-layer GPT-style decoder in the HuggingFace Optimum decoder-with-past
                  layout (input_ids, attention_mask, past_key_values.{i}.key/value -> logits,
                  present.{i}.key/value), float32, random weights from a fixed seed;
  tokenizer.json  a byte-level BPE tokenizer (GPT-2 byte alphabet, merges learnt here from a
                  short built-in text), with <s> prepended by the post-processor;
  config.json     the model's dimensions under HuggingFace names;
  reference.json  greedy continuations of a few prompts: token ids, per-token log-probabilities
                  and top alternatives, computed by an independent float64 numpy forward pass
                  (full recompute at every step, no KV cache) - not by ONNX Runtime.

It deliberately differs from stories260k where a runtime could make hidden assumptions: no
position_ids input (positions come from the past length inside the graph), no grouped-query
attention (num_key_value_heads absent from config.json, equal to num_attention_heads), no head_dim
key (derived from hidden_size / num_attention_heads = 16), eos_token_id as a list, untied
lm_head, LayerNorm + GELU + learned absolute positions instead of RMSNorm + SwiGLU + RoPE, and a
byte-level instead of a SentencePiece tokenizer.

Run with Debian's python3 (it installs python3-onnx and python3-numpy with apt-get when they are
missing; needs root for that):  /usr/bin/python3 generate_tiny_decoder.py [output-folder]
The output is deterministic: re-running it rewrites byte-identical files.
"""

import json
import math
import os
import subprocess
import sys


def ensure_dependencies():
    try:
        import numpy  # noqa: F401
        import onnx  # noqa: F401
    except ImportError:
        print("installing python3-onnx and python3-numpy with apt-get ...", file=sys.stderr)
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "python3-onnx", "python3-numpy"], check=True)


ensure_dependencies()

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

SEED = 20251123
VOCAB_SIZE = 300
HIDDEN = 32
HEADS = 2
HEAD_DIM = HIDDEN // HEADS
LAYERS = 3
FFN = 64
MAX_POSITIONS = 64
LN_EPS = 1e-5
BOS_ID, EOS_ID, UNK_ID = 1, 2, 0
SPECIALS = ["<unk>", "<s>", "</s>"]
MAX_NEW_TOKENS = 16
TOP_ALTERNATIVES = 3
MIN_SAFE_MARGIN = 1e-3

PROMPTS = [
    "Once upon a time",
    "the cat sat on the mat",
    "Hello, world! 42",
    "caf\u00e9 \u65e5\u672c",
]

# Text the BPE merges are learnt from: a few plain English sentences are enough for a tiny vocabulary.
MERGE_CORPUS = (
    "once upon a time there was a little cat. the cat sat on the mat and the dog sat on the log. "
    "the little girl wanted to play with the cat in the park. she was happy and the sun was warm. "
    "then the dog ran to the park and they played there all day until it was time to go home."
)


# --- tokenizer ------------------------------------------------------------------------------------


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable unicode characters."""
    bs = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("\u00a1"), ord("\u00ac") + 1))
        + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    )
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def to_symbols(text):
    return [BYTE_TO_CHAR[b] for b in text.encode("utf-8")]


def learn_merges(corpus, count):
    """Plain BPE training on one symbol sequence: merge the most frequent adjacent pair, first seen on ties."""
    seq = to_symbols(corpus)
    merges = []
    while len(merges) < count:
        pairs = {}
        for i, pair in enumerate(zip(seq, seq[1:])):
            if pair not in pairs:
                pairs[pair] = [0, i]
            pairs[pair][0] += 1
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]
        merges.append(best)
        seq = merge_pair(seq, best)
    return merges


def merge_pair(seq, pair):
    out = []
    i = 0
    while i < len(seq):
        if i + 1 < len(seq) and (seq[i], seq[i + 1]) == pair:
            out.append(seq[i] + seq[i + 1])
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out


def build_vocab():
    pieces = list(SPECIALS) + [BYTE_TO_CHAR[b] for b in range(256)]
    merges = learn_merges(MERGE_CORPUS, VOCAB_SIZE - len(pieces))
    pieces += [a + b for a, b in merges]
    assert len(pieces) == VOCAB_SIZE == len(set(pieces)), "vocabulary pieces must be unique"
    return pieces, merges


def encode(text, vocab, merges):
    """What the HuggingFace BPE model does with this tokenizer.json: one word, lowest-rank pair first."""
    ranks = {pair: r for r, pair in enumerate(merges)}
    seq = to_symbols(text)
    while len(seq) > 1:
        candidates = [ranks[p] for p in zip(seq, seq[1:]) if p in ranks]
        if not candidates:
            break
        seq = merge_pair(seq, merges[min(candidates)])
    return [BOS_ID] + [vocab[s] for s in seq]


def decode(ids, pieces):
    data = bytes(CHAR_TO_BYTE[c] for i in ids if i >= len(SPECIALS) for c in pieces[i])
    return data.decode("utf-8", errors="replace")


def tokenizer_json(pieces, merges):
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": s,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i, s in enumerate(SPECIALS)
        ],
        "normalizer": None,
        "pre_tokenizer": {
            "type": "ByteLevel",
            "add_prefix_space": False,
            "trim_offsets": True,
            "use_regex": False,
        },
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
            ],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [BOS_ID], "tokens": ["<s>"]}},
        },
        "decoder": {
            "type": "ByteLevel",
            "add_prefix_space": False,
            "trim_offsets": True,
            "use_regex": False,
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": {p: i for i, p in enumerate(pieces)},
            "merges": [a + " " + b for a, b in merges],
        },
    }


# --- weights --------------------------------------------------------------------------------------


def make_weights():
    rng = np.random.default_rng(SEED)

    def normal(shape, std):
        return rng.normal(0.0, std, size=shape).astype(np.float32)

    w = {
        "wte": normal((VOCAB_SIZE, HIDDEN), 0.5),
        "wpe": normal((MAX_POSITIONS, HIDDEN), 0.3),
        "ln_f.g": (1.0 + normal((HIDDEN,), 0.1)),
        "ln_f.b": normal((HIDDEN,), 0.1),
        # Wide logits (std ~3) keep greedy argmax gaps far above float32 error.
        "lm_head": normal((HIDDEN, VOCAB_SIZE), 0.55),
    }
    for layer in range(LAYERS):
        p = f"h{layer}."
        for name in ("q", "k", "v", "o"):
            w[p + name + ".w"] = normal((HIDDEN, HIDDEN), 0.25)
            w[p + name + ".b"] = normal((HIDDEN,), 0.05)
        w[p + "fc1.w"] = normal((HIDDEN, FFN), 0.2)
        w[p + "fc1.b"] = normal((FFN,), 0.05)
        w[p + "fc2.w"] = normal((FFN, HIDDEN), 0.15)
        w[p + "fc2.b"] = normal((HIDDEN,), 0.05)
        for ln in ("ln1", "ln2"):
            w[p + ln + ".g"] = 1.0 + normal((HIDDEN,), 0.1)
            w[p + ln + ".b"] = normal((HIDDEN,), 0.1)
    return w


# --- ONNX graph -----------------------------------------------------------------------------------


def build_graph(w):
    nodes = []
    inits = [numpy_helper.from_array(v.astype(np.float32), name) for name, v in w.items()]

    def const(name, array):
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], name=name + "_node", **attrs))
        return name

    const("c_axis0", np.array([0], dtype=np.int64))
    const("c_axis1", np.array([1], dtype=np.int64))
    const("c_idx1", np.array(1, dtype=np.int64))
    const("c_idx2", np.array(2, dtype=np.int64))
    const("c_zero", np.array(0, dtype=np.int64))
    const("c_one", np.array(1, dtype=np.int64))
    const("c_heads_shape", np.array([0, 0, HEADS, HEAD_DIM], dtype=np.int64))
    const("c_hidden_shape", np.array([0, 0, HIDDEN], dtype=np.int64))
    const("c_scale", np.array(1.0 / math.sqrt(HEAD_DIM), dtype=np.float32))
    const("c_neg", np.array(-1e9, dtype=np.float32))
    const("c_half", np.array(0.5, dtype=np.float32))
    const("c_onef", np.array(1.0, dtype=np.float32))
    const("c_sqrt2", np.array(math.sqrt(2.0), dtype=np.float32))

    # Positions continue after the cached past: past_len .. past_len + seq_len - 1.
    node("Shape", ["past_key_values.0.key"], "past_shape")
    node("Gather", ["past_shape", "c_idx2"], "past_len", axis=0)
    node("Shape", ["input_ids"], "ids_shape")
    node("Gather", ["ids_shape", "c_idx1"], "seq_len", axis=0)
    node("Add", ["past_len", "seq_len"], "total_len")
    node("Range", ["past_len", "total_len", "c_one"], "positions")
    node("Range", ["c_zero", "total_len", "c_one"], "key_positions")

    node("Gather", ["wte", "input_ids"], "tok_emb", axis=0)
    node("Gather", ["wpe", "positions"], "pos_emb", axis=0)
    x = node("Add", ["tok_emb", "pos_emb"], "x_emb")

    # allowed[b, 1, i, j] = key j is not in the future of query i, and attention_mask[b, j] == 1.
    node("Unsqueeze", ["key_positions", "c_axis0"], "key_row")
    node("Unsqueeze", ["positions", "c_axis1"], "query_col")
    node("LessOrEqual", ["key_row", "query_col"], "causal")
    node("Cast", ["attention_mask"], "mask_bool", to=TensorProto.BOOL)
    const("c_mask_axes", np.array([1, 2], dtype=np.int64))
    node("Unsqueeze", ["mask_bool", "c_mask_axes"], "mask_4d")
    node("And", ["causal", "mask_4d"], "allowed")

    def layer_norm(inp, prefix, out):
        return node(
            "LayerNormalization", [inp, prefix + ".g", prefix + ".b"], out, axis=-1, epsilon=LN_EPS
        )

    def heads(inp, out):
        node("Reshape", [inp, "c_heads_shape"], out + "_split")
        return node("Transpose", [out + "_split"], out, perm=[0, 2, 1, 3])

    outputs = []
    for layer in range(LAYERS):
        p = f"h{layer}."
        h = layer_norm(x, p + "ln1", p + "ln1_out")
        proj = {}
        for name in ("q", "k", "v"):
            node("MatMul", [h, p + name + ".w"], p + name + "_mm")
            node("Add", [p + name + "_mm", p + name + ".b"], p + name + "_lin")
            proj[name] = heads(p + name + "_lin", p + name + "_heads")
        present_k = node(
            "Concat", [f"past_key_values.{layer}.key", proj["k"]], f"present.{layer}.key", axis=2
        )
        present_v = node(
            "Concat",
            [f"past_key_values.{layer}.value", proj["v"]],
            f"present.{layer}.value",
            axis=2,
        )
        outputs += [present_k, present_v]
        node("Transpose", [present_k], p + "k_t", perm=[0, 1, 3, 2])
        node("MatMul", [proj["q"], p + "k_t"], p + "scores_raw")
        node("Mul", [p + "scores_raw", "c_scale"], p + "scores")
        node("Where", ["allowed", p + "scores", "c_neg"], p + "scores_masked")
        node("Softmax", [p + "scores_masked"], p + "attn", axis=-1)
        node("MatMul", [p + "attn", present_v], p + "ctx")
        node("Transpose", [p + "ctx"], p + "ctx_t", perm=[0, 2, 1, 3])
        node("Reshape", [p + "ctx_t", "c_hidden_shape"], p + "ctx_merged")
        node("MatMul", [p + "ctx_merged", p + "o.w"], p + "o_mm")
        node("Add", [p + "o_mm", p + "o.b"], p + "attn_out")
        x = node("Add", [x, p + "attn_out"], p + "x_attn")

        h2 = layer_norm(x, p + "ln2", p + "ln2_out")
        node("MatMul", [h2, p + "fc1.w"], p + "fc1_mm")
        m = node("Add", [p + "fc1_mm", p + "fc1.b"], p + "fc1_out")
        # Exact GELU: 0.5 * m * (1 + erf(m / sqrt(2))).
        node("Div", [m, "c_sqrt2"], p + "gelu_scaled")
        node("Erf", [p + "gelu_scaled"], p + "gelu_erf")
        node("Add", [p + "gelu_erf", "c_onef"], p + "gelu_1p")
        node("Mul", [m, p + "gelu_1p"], p + "gelu_m")
        node("Mul", [p + "gelu_m", "c_half"], p + "gelu")
        node("MatMul", [p + "gelu", p + "fc2.w"], p + "fc2_mm")
        node("Add", [p + "fc2_mm", p + "fc2.b"], p + "mlp_out")
        x = node("Add", [x, p + "mlp_out"], p + "x_out")

    final = layer_norm(x, "ln_f", "final_norm")
    node("MatMul", [final, "lm_head"], "logits")

    kv_shape = ["batch_size", HEADS, "past_sequence_length", HEAD_DIM]
    present_shape = ["batch_size", HEADS, "past_sequence_length + sequence_length", HEAD_DIM]
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
        helper.make_tensor_value_info(
            "attention_mask",
            TensorProto.INT64,
            ["batch_size", "past_sequence_length + sequence_length"],
        ),
    ]
    for layer in range(LAYERS):
        for kind in ("key", "value"):
            inputs.append(
                helper.make_tensor_value_info(
                    f"past_key_values.{layer}.{kind}", TensorProto.FLOAT, kv_shape
                )
            )
    graph_outputs = [
        helper.make_tensor_value_info(
            "logits", TensorProto.FLOAT, ["batch_size", "sequence_length", VOCAB_SIZE]
        )
    ] + [helper.make_tensor_value_info(name, TensorProto.FLOAT, present_shape) for name in outputs]
    graph = helper.make_graph(nodes, "tiny_decoder", inputs, graph_outputs, initializer=inits)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="tierwise generate_tiny_decoder.py",
    )
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


# --- independent float64 forward pass -------------------------------------------------------------


def forward_last_logits(w, ids):
    """Logits after the last of ids, recomputing the whole sequence (no cache) in float64."""
    f = {k: v.astype(np.float64) for k, v in w.items()}
    n = len(ids)
    x = f["wte"][ids] + f["wpe"][np.arange(n)]

    def layer_norm(v, prefix):
        mean = v.mean(axis=-1, keepdims=True)
        var = ((v - mean) ** 2).mean(axis=-1, keepdims=True)
        return (v - mean) / np.sqrt(var + LN_EPS) * f[prefix + ".g"] + f[prefix + ".b"]

    causal = np.tril(np.ones((n, n), dtype=bool))
    for layer in range(LAYERS):
        p = f"h{layer}."
        h = layer_norm(x, p + "ln1")
        q, k, v = (
            (h @ f[p + name + ".w"] + f[p + name + ".b"]).reshape(n, HEADS, HEAD_DIM).transpose(1, 0, 2)
            for name in ("q", "k", "v")
        )
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(HEAD_DIM)
        scores = np.where(causal, scores, -np.inf)
        scores -= scores.max(axis=-1, keepdims=True)
        attn = np.exp(scores)
        attn /= attn.sum(axis=-1, keepdims=True)
        ctx = (attn @ v).transpose(1, 0, 2).reshape(n, HIDDEN)
        x = x + ctx @ f[p + "o.w"] + f[p + "o.b"]
        h2 = layer_norm(x, p + "ln2")
        m = h2 @ f[p + "fc1.w"] + f[p + "fc1.b"]
        gelu = 0.5 * m * (1.0 + np.vectorize(math.erf)(m / math.sqrt(2.0)))
        x = x + gelu @ f[p + "fc2.w"] + f[p + "fc2.b"]
    return (layer_norm(x, "ln_f") @ f["lm_head"])[-1]


def log_softmax(logits):
    shifted = logits - logits.max()
    return shifted - math.log(np.exp(shifted).sum())


def greedy_reference(w, prompt, vocab, merges, pieces):
    prompt_ids = encode(prompt, vocab, merges)
    ids = list(prompt_ids)
    generated, logprobs, alternatives = [], [], []
    min_margin, finish = math.inf, "length"
    for _ in range(MAX_NEW_TOKENS):
        logits = forward_last_logits(w, ids)
        order = np.argsort(-logits, kind="stable")
        min_margin = min(min_margin, float(logits[order[0]] - logits[order[1]]))
        lp = log_softmax(logits)
        best = int(order[0])
        if best == EOS_ID:
            finish = "stop"
            break
        generated.append(best)
        logprobs.append(float(lp[best]))
        alternatives.append(
            [{"id": int(i), "logprob": float(lp[i])} for i in order[:TOP_ALTERNATIVES]]
        )
        ids.append(best)
    assert min_margin > MIN_SAFE_MARGIN, f"fragile argmax for {prompt!r}: margin {min_margin}"
    return {
        "prompt": prompt,
        "prompt_ids": prompt_ids,
        "generated_ids": generated,
        "generated_text": decode(generated, pieces),
        "generated_logprobs": logprobs,
        "top_logprobs": alternatives,
        "finish_reason": finish,
        "min_top2_logit_margin": min_margin,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = (
        sys.argv[1]
        if len(sys.argv) > 1
        else os.path.join(here, "..", "resources", "tiny-decoder")
    )
    os.makedirs(out_dir, exist_ok=True)

    pieces, merges = build_vocab()
    vocab = {p: i for i, p in enumerate(pieces)}
    weights = make_weights()
    model = build_graph(weights)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))

    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as fh:
        json.dump(tokenizer_json(pieces, merges), fh, ensure_ascii=False, indent=1)
        fh.write("\n")

    config = {
        "model_type": "tiny-gpt",
        "vocab_size": VOCAB_SIZE,
        "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": HEADS,
        "intermediate_size": FFN,
        "max_position_embeddings": MAX_POSITIONS,
        "layer_norm_eps": LN_EPS,
        "tie_word_embeddings": False,
        "bos_token_id": BOS_ID,
        "eos_token_id": [EOS_ID],
    }
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as fh:
        json.dump(config, fh, indent=1)
        fh.write("\n")

    references = []
    for prompt in PROMPTS:
        ref = greedy_reference(weights, prompt, vocab, merges, pieces)
        references.append(ref)
        print(
            f"{prompt!r}: {len(ref['generated_ids'])} tokens, finish {ref['finish_reason']}, "
            f"margin {ref['min_top2_logit_margin']:.4f}, text {ref['generated_text']!r}",
            file=sys.stderr,
        )
    reference = {
        "model": "tiny random-weight decoder from generate_tiny_decoder.py, seed %d" % SEED,
        "method": (
            "Greedy decoding of at most %d tokens, stopping (without emitting it) at eos id %d. "
            "Logits from an independent float64 numpy forward pass that recomputes the whole "
            "sequence at every step. generated_logprobs[i] = natural-log softmax of the step-i "
            "logits at generated_ids[i]; top_logprobs[i] = the %d most likely ids of step i."
            % (MAX_NEW_TOKENS, EOS_ID, TOP_ALTERNATIVES)
        ),
        "max_new_tokens": MAX_NEW_TOKENS,
        "prompts": references,
    }
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as fh:
        json.dump(reference, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
