#!/usr/bin/env python3
"""PyTorch peer: the strongest plain-PyTorch path we know, a compiled static-cache decoder in the style
of gpt-fast, on random weights of a registry model (the numbers of peerlib.MODELS = our ModelRegistry).

The model (fastmodel.py) is written by hand for the gpt, opt and llama families, with one static KV cache
per layer written in place at device-held positions. Per batch size and input/output length:

- prefill and one decoding step are compiled with torch.compile (inductor, fullgraph, static shapes), then
  each is captured once as a CUDA graph (torch.cuda.CUDAGraph) after a warm-up on a side stream. The step
  graph advances the position and the output column on the device, so a generate is: copy the prompt,
  replay the prefill graph, replay the step graph output_len - 1 times. No host sync, no new tensor and no
  recompilation inside it.
- the prefill attends causally over the prompt's own keys and values (flash-eligible); a step attends over
  the cache's input + output slots with a mask of the filled ones.
- greedy decoding, exactly output_len tokens; random prompts.
- `--warm` untimed generates, then `--runs` timed ones, each finished before the next: CUDA events before
  the prompt copy, after the prefill graph (ttft) and after the last step (latency; generation time is
  the difference).
- checks (untimed, printed and kept in the JSON): the graphed tokens against the same model run eagerly
  without graphs or compile (identical for torch_graph; for torch_fast the compiled kernels round
  differently, so a greedy path may part after a near-tie), and, once per model, cached decoding against
  recomputing the whole sequence for each token.

Variants:
  fast   torch.compile + CUDA graphs (peer torch_fast)
  graph  the same model and graphs without torch.compile (peer torch_graph): what the graphs alone give

Prints one [BENCHMARK] line per result in our report's field order, `peer torch_<variant>` last, and with
--json FILE writes JMH-format JSON (benchmark peer.torch_fast.generate, mode sample) for report and compare.
It does not measure peak memory or a build time.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerlib  # noqa: E402  (beside this file; imports no torch)

VARIANTS = ("fast", "graph")
PEERS = {"fast": "torch_fast", "graph": "torch_graph"}
TOOL = "tools/peers/torch_fast.py"


def configure_inductor():
    import torch._inductor.config as inductor
    # gpt-fast's setting: tunes the generated Triton kernels' launch parameters during the compile.
    inductor.coordinate_descent_tuning = True


def check_model(fastmodel, model, spec, device, seed):
    """Cached decoding against recomputing each token from the whole sequence (no cache read back)."""
    import torch
    batch, inp, out = 2, 16, 8
    model.set_cache(batch, inp + out)
    g = torch.Generator(device=device).manual_seed(seed + 1)
    prompt = torch.randint(0, spec.vocab, (batch, inp), device=device, generator=g)
    cached = fastmodel.eager_generate(model, prompt, out)
    recomputed = fastmodel.recompute_generate(model, prompt, out)
    return fastmodel.agreement(cached, recomputed)


def run_combination(fastmodel, model, spec, variant, batch, inp, out, a, facts, model_check):
    import torch
    g = torch.Generator(device="cuda").manual_seed(a.seed)
    prompt = torch.randint(0, spec.vocab, (batch, inp), device="cuda", generator=g)
    t0 = time.perf_counter()
    runner = fastmodel.GraphedGenerate(model, batch, inp, out, compiled=(variant == "fast"),
                                       decode_math_attention=(a.decode_attention == "math"))
    try:
        runner.capture()
        prepared_s = time.perf_counter() - t0
        latencies, ttfts, generations = peerlib.time_calls(
            lambda first: runner.generate(prompt, first), a.runs, a.warm, split=True)
        graphed = runner.generate(prompt).clone()
        torch.cuda.synchronize()
    finally:
        runner.release()
    eager = fastmodel.eager_generate(model, prompt, out)
    agree = fastmodel.agreement(graphed, eager)
    first_agree = float((graphed[:, 0] == eager[:, 0]).float().mean().item())
    print(f"# {PEERS[variant]} {spec.name} batch {batch} {inp},{out}: compiled and captured in {prepared_s:.1f} s; "
          f"tokens agree with eager {agree:.3f} (first token {first_agree:.3f})", flush=True)
    if variant == "graph" and agree != 1.0:
        print(f"# WARNING: torch_graph's tokens differ from the same ops run eagerly ({agree:.3f})", flush=True)
    return peerlib.PeerResult(
        peer=PEERS[variant], model=spec.name, precision=a.precision, batch_size=batch, input_len=inp,
        output_len=out, latencies_ms=latencies, ttft_ms=ttfts, generation_ms=generations,
        compute_cap=facts["computeCapability"],
        meta={
            "tool": TOOL,
            "variant": PEERS[variant],
            "compile": ("torch.compile(fullgraph=True, dynamic=False), inductor, coordinate_descent_tuning"
                        if variant == "fast" else "none: eager ops"),
            "cudaGraphs": "prefill and one decoding step, each captured once; the step replayed output_len - 1 times",
            "decodeAttention": f"scaled_dot_product_attention ({a.decode_attention}) over {inp + out} cache slots, "
                               "masked to the filled ones",
            "timing": "CUDA events before the prompt copy, after the prefill graph (ttft) and after the last step; "
                      "prompts already on the GPU; each generate finished before the next",
            "warmupCalls": a.warm,
            "timedCalls": a.runs,
            "seed": a.seed,
            "tokensAgreeWithEager": agree,
            "cachedAgreesWithRecompute": model_check,
            **facts,
        })


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    peerlib.add_common_arguments(ap, VARIANTS, "fast")
    ap.add_argument("--decode_attention", choices=("auto", "math"), default="auto",
                    help="SDPA backend of the decoding step: PyTorch's choice, or the math one that gpt-fast "
                         "forces so that inductor generates the attention itself (default auto)")
    a = ap.parse_args(argv)
    models, batches, ios, variants = peerlib.parse_common_arguments(ap, a, VARIANTS)
    hf_only = [m.name for m in models if m.family in peerlib.HF_ONLY_FAMILIES]
    if hf_only:
        ap.error(f"{', '.join(hf_only)}: this decoder is GPT-2, OPT and LLaMA shaped; hf_generate.py peers the other families")

    try:  # only now: --help and argument errors need no torch
        import torch
        import fastmodel
    except ImportError as e:
        print(f"torch_fast.py needs PyTorch with CUDA: {e}", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("torch_fast.py needs a CUDA GPU", file=sys.stderr)
        return 2
    if "fast" in variants:
        configure_inductor()
    facts = peerlib.device_facts()
    print(f"# torch_fast: {facts['device']}, torch {facts['torch']}, CUDA {facts['cuda']}", flush=True)
    results = peerlib.Results(a.json)
    failures = 0
    with torch.no_grad():
        for spec in models:
            t0 = time.perf_counter()
            try:
                model = fastmodel.Decoder(spec, peerlib.torch_dtype(a.precision), "cuda", seed=a.seed)
                model_check = check_model(fastmodel, model, spec, "cuda", a.seed)
            except Exception as e:  # e.g. out of memory: the other models still run
                failures += 1
                print(peerlib.fail_line("torch_fast", spec.name, e), flush=True)
                model = None
                torch.cuda.empty_cache()
                continue
            torch.cuda.synchronize()
            print(f"# built {spec.name} ({a.precision}, random weights) in {time.perf_counter() - t0:.1f} s: "
                  f"{fastmodel.describe(model)}; cached decoding agrees with recomputation {model_check:.3f}",
                  flush=True)
            for variant in variants:
                for batch in batches:
                    for inp, out in ios:
                        try:
                            results.add(run_combination(fastmodel, model, spec, variant, batch, inp, out, a, facts,
                                                        model_check))
                        except Exception as e:
                            failures += 1
                            print(peerlib.fail_line(PEERS[variant], spec.name, e, batch, inp, out), flush=True)
                        finally:
                            # A fresh compile cache for each shape: no recompile limit reached, no stale graph.
                            torch.compiler.reset()
                            torch.cuda.empty_cache()
            del model
            torch.cuda.empty_cache()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
