#!/usr/bin/env python3
"""PyTorch peer: Hugging Face transformers generate() on random weights of a registry model.

Builds the named model's architecture (gpt family as GPT2Config, opt as OPTConfig, llama as LlamaConfig,
the numbers of tools/peers/peerlib.py MODELS = our ModelRegistry) with random weights on the GPU, then per
batch size and input/output length: random prompts, greedy decoding (do_sample=False) of exactly
output_len new tokens (min_new_tokens = max_new_tokens), `--warm` untimed calls, then `--runs` timed
calls, each bracketed by CUDA events around the whole generate() call and finished before the next.

Variants:
  eager   the default dynamic cache, no compilation (hf_eager)
  static  cache_implementation="static"; on a CUDA device transformers then compiles the decoding steps
          itself (torch.compile of the model's __call__ with its default CompileConfig, mode
          reduce-overhead, i.e. CUDA graphs); this script adds no torch.compile of its own (hf_static).
          The compile cache is reset before each shape, so every shape compiles with static sizes
          (otherwise dynamo's automatic dynamic shapes recompile the second shape with symbolic sizes).

Prints one [BENCHMARK] line per result in our report's field order (latency(ms) is the mean of the timed
calls, percentiles as JMH computes them), `peer hf_<variant>` last; with --json FILE also writes them as
JMH-format JSON (benchmark peer.hf_<variant>.generate, mode sample) for our report and compare. It does
not measure ttft or generation time (generate() is one call), peak memory or build time.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerlib  # noqa: E402  (beside this file; imports no torch)

VARIANTS = ("eager", "static")
TOOL = "tools/peers/hf_generate.py"


def hf_config_and_class(spec: peerlib.ModelSpec):
    import transformers
    if spec.family == "gpt":
        return transformers.GPT2LMHeadModel, transformers.GPT2Config(
            vocab_size=spec.vocab, n_positions=spec.max_positions, n_embd=spec.hidden, n_layer=spec.layers,
            n_head=spec.heads, n_inner=spec.ffn, activation_function="gelu_new",
            layer_norm_epsilon=spec.norm_eps, tie_word_embeddings=True)
    if spec.family == "opt":
        return transformers.OPTForCausalLM, transformers.OPTConfig(
            vocab_size=spec.vocab, hidden_size=spec.hidden, num_hidden_layers=spec.layers, ffn_dim=spec.ffn,
            num_attention_heads=spec.heads, max_position_embeddings=spec.max_positions,
            do_layer_norm_before=not spec.post_norm, word_embed_proj_dim=spec.hidden,
            activation_function="relu", enable_bias=True, tie_word_embeddings=True)
    if spec.family == "llama":
        return transformers.LlamaForCausalLM, transformers.LlamaConfig(
            vocab_size=spec.vocab, hidden_size=spec.hidden, intermediate_size=spec.ffn,
            num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.kv_heads,
            max_position_embeddings=spec.max_positions, rms_norm_eps=spec.norm_eps, tie_word_embeddings=False)
    return hf_only_config_and_class(spec)


# The families only Hugging Face's classes peer (peerlib.HF_ONLY_FAMILIES), with the conventions of the
# registry's rows: GPT-J's rotary on 64 dims, NeoX's on a quarter, Falcon's three designs by name, theta 1e6
# for StarCoder2, Qwen1.5 and Mixtral.
def hf_only_config_and_class(spec: peerlib.ModelSpec):
    import transformers as t
    common = dict(vocab_size=spec.vocab, tie_word_embeddings=False, bos_token_id=0, eos_token_id=0)
    if spec.family == "gptj":
        return t.GPTJForCausalLM, t.GPTJConfig(
            n_positions=spec.max_positions, n_embd=spec.hidden, n_layer=spec.layers, n_head=spec.heads,
            n_inner=spec.ffn, rotary_dim=64, activation_function="gelu_new", **common)
    if spec.family == "gptneox":
        return t.GPTNeoXForCausalLM, t.GPTNeoXConfig(
            max_position_embeddings=spec.max_positions, hidden_size=spec.hidden, num_hidden_layers=spec.layers,
            num_attention_heads=spec.heads, intermediate_size=spec.ffn, hidden_act="gelu_new",
            use_parallel_residual=True, attention_bias=True,
            rope_parameters={"rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 0.25}, **common)
    if spec.family == "bloom":
        return t.BloomForCausalLM, t.BloomConfig(
            hidden_size=spec.hidden, n_layer=spec.layers, n_head=spec.heads, **dict(common, tie_word_embeddings=True))
    if spec.family == "falcon":
        rw = spec.name == "falcon_rw_1b"  # the older design: ALiBi, attention then MLP, biases
        new = spec.kv_heads not in (1, spec.heads)  # 40B, 180B: grouped key/value heads, two norms
        return t.FalconForCausalLM, t.FalconConfig(
            max_position_embeddings=spec.max_positions, hidden_size=spec.hidden, num_hidden_layers=spec.layers,
            num_attention_heads=spec.heads, num_kv_heads=spec.kv_heads if new else None,
            multi_query=spec.kv_heads == 1, new_decoder_architecture=new, parallel_attn=not rw, bias=rw, alibi=rw,
            activation="gelu", ffn_hidden_size=spec.ffn, rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
            **dict(common, tie_word_embeddings=True))
    if spec.family == "gptbigcode":
        return t.GPTBigCodeForCausalLM, t.GPTBigCodeConfig(
            n_positions=spec.max_positions, n_embd=spec.hidden, n_layer=spec.layers, n_head=spec.heads,
            n_inner=spec.ffn, multi_query=True, activation_function="gelu_pytorch_tanh",
            **dict(common, tie_word_embeddings=True))
    rope_1e6 = {"rope_type": "default", "rope_theta": 1000000.0}
    if spec.family == "starcoder2":
        return t.Starcoder2ForCausalLM, t.Starcoder2Config(
            max_position_embeddings=spec.max_positions, hidden_size=spec.hidden, intermediate_size=spec.ffn,
            num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.kv_heads,
            hidden_act="gelu_pytorch_tanh", use_bias=True, sliding_window=None, rope_parameters=rope_1e6,
            **dict(common, tie_word_embeddings=True))
    if spec.family == "qwen2":
        return t.Qwen2ForCausalLM, t.Qwen2Config(
            max_position_embeddings=spec.max_positions, hidden_size=spec.hidden, intermediate_size=spec.ffn,
            num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.kv_heads,
            use_sliding_window=False, rope_parameters=rope_1e6, **common)
    if spec.family == "mixtral":
        return t.MixtralForCausalLM, t.MixtralConfig(
            max_position_embeddings=spec.max_positions, hidden_size=spec.hidden, intermediate_size=spec.ffn,
            num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.kv_heads,
            num_local_experts=8, num_experts_per_tok=2, sliding_window=None, rope_parameters=rope_1e6, **common)
    raise ValueError(f"no Hugging Face class for family {spec.family}")


def build_model(spec: peerlib.ModelSpec, precision: str, device: str = "cuda"):
    """Random weights, created on the GPU directly in the target dtype (as from_config(dtype=...) does)."""
    import torch
    cls, config = hf_config_and_class(spec)
    dtype = peerlib.torch_dtype(precision)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            model = cls(config)
    finally:
        torch.set_default_dtype(previous)
    model.eval()
    other = {p.dtype for p in model.parameters()} - {dtype}
    if other:
        raise RuntimeError(f"parameters in {other}, not only {dtype}")
    return model


def generate_kwargs(variant: str, out: int) -> dict:
    """Greedy, exactly `out` new tokens: end-of-sequence cannot stop it early (min_new_tokens)."""
    kwargs = dict(max_new_tokens=out, min_new_tokens=out, do_sample=False, pad_token_id=0, eos_token_id=None)
    if variant == "static":
        kwargs["cache_implementation"] = "static"
    return kwargs


def run_combination(model, spec, variant, precision, batch, inp, out, a, facts, transformers_version,
                    device="cuda", timer=peerlib.time_calls):
    """One result; device and timer are parameters only so that the tests can run it on the CPU."""
    import torch
    if inp + out > spec.max_positions:
        raise ValueError(f"input + output {inp + out} exceeds the model's {spec.max_positions} positions")
    if variant == "static":
        # A fresh compile cache per shape: each shape compiles with static sizes, not as a dynamic-shape
        # recompile of the previous one, and no shape counts toward dynamo's recompile limit.
        torch.compiler.reset()
    generator = torch.Generator(device=device).manual_seed(a.seed)
    ids = torch.randint(0, spec.vocab, (batch, inp), device=device, generator=generator)
    mask = torch.ones_like(ids)
    kwargs = generate_kwargs(variant, out)
    last = {}

    def call():
        last["tokens"] = model.generate(ids, attention_mask=mask, **kwargs)

    latencies, _, _ = timer(call, a.runs, a.warm)
    shape = tuple(last["tokens"].shape)
    if shape != (batch, inp + out):
        raise RuntimeError(f"generate returned {shape}, expected {(batch, inp + out)}")
    return peerlib.PeerResult(
        peer=f"hf_{variant}", model=spec.name, precision=precision, batch_size=batch, input_len=inp,
        output_len=out, latencies_ms=latencies, compute_cap=facts["computeCapability"],
        meta={
            "tool": TOOL,
            "variant": f"hf_{variant}",
            "cache": "static" if variant == "static" else "dynamic",
            "compile": ("transformers' own compile of the decoding forward (static cache)"
                        if variant == "static" else "none"),
            "timing": "CUDA events around each whole generate() call; prompts already on the GPU; "
                      "each call finished before the next",
            "warmupCalls": a.warm,
            "timedCalls": a.runs,
            "seed": a.seed,
            "transformers": transformers_version,
            **facts,
        })


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    peerlib.add_common_arguments(ap, VARIANTS, "eager,static")
    a = ap.parse_args(argv)
    models, batches, ios, variants = peerlib.parse_common_arguments(ap, a, VARIANTS)

    try:  # only now: --help and argument errors need no torch
        import torch
        import transformers
    except ImportError as e:
        print(f"hf_generate.py needs PyTorch with CUDA and transformers: {e}", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("hf_generate.py needs a CUDA GPU", file=sys.stderr)
        return 2
    facts = peerlib.device_facts()
    print(f"# hf_generate: {facts['device']}, torch {facts['torch']}, transformers {transformers.__version__}",
          flush=True)
    results = peerlib.Results(a.json)
    failures = 0
    with torch.inference_mode():
        for spec in models:
            torch.manual_seed(a.seed)
            t0 = time.perf_counter()
            try:
                model = build_model(spec, a.precision)
            except Exception as e:  # e.g. out of memory: the other models still run
                failures += 1
                print(peerlib.fail_line("hf", spec.name, e), flush=True)
                torch.cuda.empty_cache()
                continue
            torch.cuda.synchronize()
            print(f"# built {spec.name} ({a.precision}, random weights) in {time.perf_counter() - t0:.1f} s", flush=True)
            for variant in variants:
                for batch in batches:
                    for inp, out in ios:
                        try:
                            results.add(run_combination(model, spec, variant, a.precision, batch, inp, out, a,
                                                        facts, transformers.__version__))
                        except Exception as e:
                            failures += 1
                            print(peerlib.fail_line(f"hf_{variant}", spec.name, e, batch, inp, out), flush=True)
                            torch.cuda.empty_cache()
            del model
            torch.compiler.reset()
            torch.cuda.empty_cache()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
