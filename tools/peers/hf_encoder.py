#!/usr/bin/env python3
"""PyTorch peer of the encoder benchmark: Hugging Face BertModel / RobertaModel on random weights.

Builds the named encoder (bert_base, bert_large, roberta_base: the numbers of our ModelRegistry rows) with
random weights on the GPU in the precision asked, then per batch size and input length: random token ids,
every sequence full length (as EncoderBenchmark runs them), `--warm` untimed forward passes, then `--runs`
timed ones, each bracketed by CUDA events and finished before the next (the last hidden state and the pooled
output, as ours).

Variants:
  eager    the model as transformers builds it (its default attention implementation), no compilation
  compile  torch.compile(model) with its defaults, compiled afresh for each shape (dynamic=False)

Prints one [BENCHMARK] line per result in the field order of our encoder report (EncoderReport.java), with
`peer hf_<variant>` last, and with --json FILE writes them as JMH-format JSON (benchmark
peer.hf_<variant>.encode, mode sample; params model, precision, batchSize, inputLen) for report and compare.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerlib  # noqa: E402

VARIANTS = ("eager", "compile")
# name: (class, layers, heads, hidden, intermediate, vocab, positions, token types), as ModelRegistry's rows
ENCODERS = {
    "bert_base": ("bert", 12, 12, 768, 3072, 30522, 1024, 2),
    "bert_large": ("bert", 24, 16, 1024, 4096, 30522, 1024, 2),
    "roberta_base": ("roberta", 12, 12, 768, 3072, 50265, 1024, 1),
}


def build(name, precision):
    import torch
    import transformers as t
    kind, layers, heads, hidden, inter, vocab, positions, types = ENCODERS[name]
    common = dict(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                  intermediate_size=inter, type_vocab_size=types, hidden_act="gelu", layer_norm_eps=1e-12)
    if kind == "bert":
        model = t.BertModel(t.BertConfig(max_position_embeddings=positions, **common), add_pooling_layer=True)
    else:  # RoBERTa's positions start after the padding id, 2 rows in
        model = t.RobertaModel(t.RobertaConfig(max_position_embeddings=positions + 2, pad_token_id=1, **common),
                               add_pooling_layer=True)
    return model.to(device="cuda", dtype=peerlib.torch_dtype(precision)).eval(), (layers, heads, hidden, vocab)


def fields(name, arch, variant, precision, batch, inp, latencies, cc):
    layers, heads, hidden, vocab = arch
    latency = peerlib.mean(latencies)
    d = peerlib._decimals
    return [("model_name", name), ("world_size", "1"), ("num_heads", str(heads)), ("num_kv_heads", str(heads)),
            ("num_layers", str(layers)), ("hidden_size", str(hidden)), ("vocab_size", str(vocab)),
            ("precision", precision), ("batch_size", str(batch)), ("gpu_weights_percent", "1.0"),
            ("input_length", str(inp)), ("output_length", "n/a"), ("gpu_peak_mem(gb)", "n/a"), ("build_time(s)", "n/a"),
            ("tokens_per_sec", "n/a"), ("percentile95(ms)", d(peerlib.percentile(latencies, 95.0), 3)),
            ("percentile99(ms)", d(peerlib.percentile(latencies, 99.0), 3)), ("latency(ms)", d(latency, 3)),
            ("compute_cap", f"sm{cc}"), ("quantization", "none"),
            ("sequences_per_sec", d(peerlib._div(batch, latency / 1000), 2)), ("mode", "n/a"), ("peer", "hf_" + variant)]


def record(name, variant, precision, batch, inp, latencies, facts):
    return {"benchmark": f"peer.hf_{variant}.encode", "mode": "sample", "peer": dict(facts),
            "params": {"batchSize": str(batch), "inputLen": str(inp), "model": name, "precision": precision},
            "primaryMetric": peerlib._metric(latencies, "ms/op", raw=True),
            "secondaryMetrics": {"compute_cap": peerlib._metric([float(facts["computeCapability"])], "sm")}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="bert_base,bert_large")
    ap.add_argument("--batch_size", default="1;8;64")
    ap.add_argument("--input_len", default="128;512")
    ap.add_argument("--dtype", default="float16", choices=peerlib.PRECISIONS)
    ap.add_argument("--variants", default="eager,compile")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--json")
    a = ap.parse_args(argv)
    models = a.models.split(",")
    unknown = [m for m in models if m not in ENCODERS]
    variants = a.variants.split(",")
    if unknown or any(v not in VARIANTS for v in variants):
        ap.error(f"models from {', '.join(ENCODERS)}; variants from {', '.join(VARIANTS)}")
    batches = peerlib.parse_batch_sizes(a.batch_size)
    lengths = [int(x) for x in a.input_len.split(";")]
    import torch
    import transformers
    facts = peerlib.device_facts()
    facts["transformers"] = transformers.__version__
    print(f"# hf_encoder: {facts['device']}, torch {torch.__version__}, transformers {transformers.__version__}", flush=True)
    records = []
    torch.backends.cuda.matmul.allow_tf32 = False
    for name in models:
        model, arch = build(name, a.dtype)
        vocab = arch[3]
        for variant in variants:
            for batch in batches:
                for inp in lengths:
                    torch._dynamo.reset()
                    run = torch.compile(model, dynamic=False) if variant == "compile" else model
                    ids = torch.randint(3, vocab, (batch, inp), device="cuda")
                    mask = torch.ones_like(ids)

                    def call():
                        with torch.inference_mode():
                            run(input_ids=ids, attention_mask=mask)
                    try:
                        latencies, _, _ = peerlib.time_calls(call, a.runs, a.warm)
                    except Exception as e:  # noqa: BLE001 - one failed combination must not hide the others
                        print(f"[FAILED] hf_{variant} {name} batch {batch} input {inp}: {type(e).__name__}: {e}", flush=True)
                        continue
                    line = fields(name, arch, variant, a.dtype, batch, inp, latencies, facts["computeCapability"])
                    print("[BENCHMARK] " + " ".join(f"{k} {v}" for k, v in line), flush=True)
                    records.append(record(name, variant, a.dtype, batch, inp, latencies, facts))
                    if a.json:
                        peerlib.write_records(a.json, records)
        del model
        torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
