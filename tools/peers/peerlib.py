#!/usr/bin/env python3
"""Shared parts of the PyTorch peers (hf_generate.py, torch_fast.py): the model table, the argument
spelling, the statistics, the [BENCHMARK] line and the JMH-format JSON writer, and the CUDA-event timing.

Nothing here imports torch at module level: the writer, the statistics and the command line below run on
a machine without torch or a GPU.

    python3 tools/peers/peerlib.py --write-fixture benchmarks/src/test/resources/jmh/peer-fixture.json
        writes the Java tests' fixture through the real writer, from the fixed example numbers in
        FIXTURE_RESULTS below (not a measurement), and prints the [BENCHMARK] lines the peers would print
        for them. benchmarks/src/test/resources/jmh/peer-fixture.json was made exactly so.
    python3 tools/peers/peerlib.py --check-registry engine/src/main/java/dev/llmbench/families/ModelRegistry.java
        checks MODELS against the registry's numbers.
    python3 tools/peers/peerlib.py --self-test
        checks the statistics against known values.
"""
import argparse
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

# ---------------------------------------------------------------------------------------------------
# The models: the gpt, opt and llama rows of the registry (engine/.../families/ModelRegistry.java), with
# the same numbers. shape() there reads (layers, heads, kvHeads, hidden, vocab, positions, inter), kvHeads
# 0 meaning = heads and inter 0 meaning 4 x hidden; the rows below copy those arguments literally so that
# --check-registry can compare them.


@dataclass(frozen=True)
class ModelSpec:
    name: str
    family: str  # gpt (GPT-2 shape), opt, llama
    layers: int
    heads: int
    kv_heads: int
    hidden: int
    vocab: int
    max_positions: int
    ffn: int
    post_norm: bool = False  # OPT-350m: norm after each residual add, no final norm

    @property
    def head_dim(self) -> int:
        return self.hidden // self.heads

    @property
    def activation(self) -> str:
        return {"gpt": "gelu_tanh", "opt": "relu", "llama": "swiglu"}[self.family]

    @property
    def norm(self) -> str:
        return "rms" if self.family == "llama" else "layer"

    @property
    def norm_eps(self) -> float:
        return 1e-6 if self.family == "llama" else 1e-5

    @property
    def rotary(self) -> bool:
        """NeoX-style rotary over the whole head, theta 10000 (llama); else learned positions."""
        return self.family == "llama"

    @property
    def rope_theta(self) -> float:
        return 10000.0

    @property
    def position_offset(self) -> int:
        """OPT looks its learned positions up at position + 2."""
        return 2 if self.family == "opt" else 0

    @property
    def bias(self) -> bool:
        return self.family != "llama"

    @property
    def tied_head(self) -> bool:
        return self.family != "llama"

    @property
    def final_norm(self) -> bool:
        return not self.post_norm


def _row(name, family, layers, heads, kv_heads, hidden, vocab, positions, inter, post_norm=False):
    return ModelSpec(name, family, layers, heads, kv_heads or heads, hidden, vocab, positions,
                     inter or 4 * hidden, post_norm)


_ROWS = [
    _row("gpt_350m", "gpt", 24, 16, 0, 1024, 51200, 1024, 0),
    _row("gpt_1.5b", "gpt", 48, 25, 0, 1600, 51200, 1024, 0),
    _row("gpt_175b", "gpt", 96, 96, 0, 12288, 51200, 2048, 0),
    _row("opt_350m", "opt", 24, 16, 0, 1024, 50272, 2048, 0, post_norm=True),
    _row("opt_2.7b", "opt", 32, 32, 0, 2560, 50272, 2048, 0),
    _row("opt_6.7b", "opt", 32, 32, 0, 4096, 50272, 2048, 0),
    _row("opt_30b", "opt", 48, 56, 0, 7168, 50272, 2048, 0),
    _row("opt_66b", "opt", 64, 72, 0, 9216, 50272, 2048, 0),
    _row("llama_7b", "llama", 32, 32, 0, 4096, 32000, 4096, 11008),
    _row("llama_13b", "llama", 40, 40, 0, 5120, 32000, 4096, 13824),
    _row("llama_30b", "llama", 60, 52, 0, 6656, 32000, 2048, 17920),
    _row("llama_70b", "llama", 80, 64, 8, 8192, 32000, 4096, 28672),
]
# Families whose only peer is Hugging Face's own class (hf_generate.py); torch_fast.py's hand-written decoder
# is GPT-2, OPT and LLaMA shaped. Their conventions (rotary fraction and base, biases, block layout) are the
# Hugging Face config each family's builder in hf_generate.py writes; the numbers below are the registry's.
HF_ONLY_FAMILIES = ("gptj", "gptneox", "falcon", "bloom", "gptbigcode", "starcoder2", "qwen2", "mixtral")
_HF_ROWS = [
    _row("gptj_6b", "gptj", 28, 16, 0, 4096, 50401, 1024, 0),
    _row("gptneox_20b", "gptneox", 44, 64, 0, 6144, 50432, 2048, 0),
    _row("starcoder_15.5b", "gptbigcode", 40, 48, 1, 6144, 49152, 8192, 0),
    _row("starcoder2_3b", "starcoder2", 30, 24, 2, 3072, 49152, 16384, 0),
    _row("bloom_560m", "bloom", 24, 16, 0, 1024, 250880, 2048, 0),
    _row("falcon_rw_1b", "falcon", 24, 32, 0, 2048, 50304, 2048, 0),
    _row("falcon_7b", "falcon", 32, 71, 1, 4544, 65024, 2048, 0),
    _row("falcon_40b", "falcon", 60, 128, 8, 8192, 65024, 2048, 0),
    _row("qwen1.5_7b_chat", "qwen2", 32, 32, 0, 4096, 151936, 8192, 11008),
    _row("qwen1.5_14b_chat", "qwen2", 40, 40, 0, 5120, 152064, 8192, 13696),
    _row("mixtral_8x7b", "mixtral", 32, 32, 8, 4096, 32000, 2048, 14336),
]
MODELS: Dict[str, ModelSpec] = {m.name: m for m in _ROWS + _HF_ROWS}

# Registry rows of these families that the peers leave out on purpose, and why.
NOT_PEERED = {
    "gpt_next_2b": "SwiGLU, rotary and no biases: not a GPT-2 shape",
    "gpt_350m_moe": "a GPT-2 mixture of experts: no Hugging Face class",
    "bloom_176b": "more than one GPU",
    "falcon_180b": "more than one GPU",
    "gpt_350m_sq_per_tensor": "int8 SmoothQuant",
    "gpt_350m_sq_per_token_channel": "int8 SmoothQuant",
    "llama_70b_sq_per_tensor": "int8 SmoothQuant",
    "llama_70b_long_context": "llama_70b's shape under other limits",
    "llama_70b_long_generation": "llama_70b's shape under other limits",
}

PRECISIONS = ("float16", "bfloat16", "float32")

# ---------------------------------------------------------------------------------------------------
# Arguments, spelled as TensorRT-LLM's benchmark and our suite spell them.


def parse_models(text: str) -> List[ModelSpec]:
    specs = []
    for name in (n.strip() for n in text.split(",")):
        if not name:
            continue
        if name not in MODELS:
            raise ValueError(f"unknown model '{name}'; the peers know: {', '.join(MODELS)}")
        specs.append(MODELS[name])
    if not specs:
        raise ValueError("no model named")
    return specs


def parse_batch_sizes(text: str) -> List[int]:
    """'1;8;64' (TensorRT-LLM's --batch_size)."""
    sizes = [int(part) for part in text.split(";") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise ValueError(f"--batch_size '{text}' must be positive whole numbers separated by ';'")
    return sizes


def parse_input_output_lens(text: str) -> List[Tuple[int, int]]:
    """'60,20;128,20' (TensorRT-LLM's --input_output_len); IN:OUT as our inputOutputLen is taken too."""
    pairs = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        pieces = re.split(r"[,:]", part)
        if len(pieces) != 2:
            raise ValueError(f"--input_output_len item '{part}' must be IN,OUT")
        inp, out = int(pieces[0]), int(pieces[1])
        if inp < 1 or out < 1:
            raise ValueError(f"--input_output_len item '{part}' must be positive")
        pairs.append((inp, out))
    if not pairs:
        raise ValueError("--input_output_len names no pair")
    return pairs


def input_output_param(inp: int, out: int) -> str:
    """Our inputOutputLen parameter's spelling, IN:OUT (JMH splits -p values on commas)."""
    return f"{inp}:{out}"


def add_common_arguments(ap: argparse.ArgumentParser, variants: Sequence[str], default_variants: str) -> None:
    ap.add_argument("--models", default="gpt_350m",
                    help=f"comma-separated registry names; known: {', '.join(MODELS)} (default gpt_350m)")
    ap.add_argument("--batch_size", default="1;8;64", help="';'-separated batch sizes (default '1;8;64')")
    ap.add_argument("--input_output_len", default="60,20;128,20",
                    help="';'-separated IN,OUT pairs (default '60,20;128,20')")
    ap.add_argument("--precision", default="float16", choices=PRECISIONS, help="weights and activations")
    ap.add_argument("--variants", default=default_variants,
                    help=f"comma-separated, of: {', '.join(variants)} (default {default_variants})")
    ap.add_argument("--runs", type=int, default=10, help="timed generate calls per combination (default 10)")
    ap.add_argument("--warm", type=int, default=3, help="untimed calls before them (default 3)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", metavar="FILE",
                    help="also write the results as JMH-format JSON (rewritten after each result)")


def parse_common_arguments(ap: argparse.ArgumentParser, a: argparse.Namespace, variants: Sequence[str]):
    """Checks the shared arguments; returns (models, batch sizes, (in, out) pairs, variants)."""
    try:
        models = parse_models(a.models)
        batches = parse_batch_sizes(a.batch_size)
        ios = parse_input_output_lens(a.input_output_len)
    except ValueError as e:
        ap.error(str(e))
    chosen = [v.strip() for v in a.variants.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in variants]
    if unknown or not chosen:
        ap.error(f"--variants: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(variants)}")
    if a.runs < 1 or a.warm < 0:
        ap.error("--runs must be >= 1 and --warm >= 0")
    return models, batches, ios, chosen

# ---------------------------------------------------------------------------------------------------
# Statistics, computed as JMH computes them for a SampleTime result, so that a peer's score, error and
# percentiles mean what ours mean.

# The percentiles JMH writes in scorePercentiles.
JMH_PERCENTILES = (0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0)


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else float("nan")


def percentile(values: Sequence[float], rank: float) -> float:
    """JMH's MultisetStatistics.getPercentile: position rank * (n + 1) / 100 among the sorted values
    (1-based, clamped to the first and last), linear between neighbours; rank 0 is the minimum."""
    if not values:
        return float("nan")
    s = sorted(values)
    n = len(s)
    if rank == 0.0:
        return s[0]

    def get(index: int) -> float:
        return s[min(max(index, 1), n) - 1]

    pos = rank * (n + 1) / 100
    floor_pos = math.floor(pos)
    lower = get(int(floor_pos))
    upper = get(int(floor_pos) + 1)
    return lower + (upper - lower) * (pos - floor_pos)


def stdev(values: Sequence[float]) -> float:
    n = len(values)
    if n < 2:
        return float("nan")
    m = mean(values)
    return math.sqrt(math.fsum((v - m) ** 2 for v in values) / (n - 1))


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: int) -> float:
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def student_t_quantile(p: float, df: int) -> float:
    """Inverse of student_t_cdf for 0.5 <= p < 1, by bisection (what JMH takes from commons-math)."""
    lo, hi = 0.0, 1.0
    while student_t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if student_t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def score_error(values: Sequence[float], confidence: float = 0.999) -> float:
    """JMH's getMeanErrorAt(0.999): half the 99.9% confidence interval of the mean; NaN for n <= 2."""
    n = len(values)
    if n <= 2:
        return float("nan")
    a = student_t_quantile(1 - (1 - confidence) / 2, n - 1)
    return a * stdev(values) / math.sqrt(n)

# ---------------------------------------------------------------------------------------------------
# One peer measurement, its [BENCHMARK] line and its JMH-format JSON record.

NA = "n/a"


@dataclass
class PeerResult:
    """One peer, one model/precision/batch/lengths combination: the per-call times of the timed calls.

    latencies_ms: the whole generate per call (the primary metric, like our generate's).
    ttft_ms / generation_ms: per call, prompt in to token 1 out, and token 1 to the last token, where the
    peer measures them (None where it does not). compute_cap: major * 10 + minor of the GPU.
    """
    peer: str
    model: str
    precision: str
    batch_size: int
    input_len: int
    output_len: int
    latencies_ms: List[float]
    ttft_ms: Optional[List[float]] = None
    generation_ms: Optional[List[float]] = None
    compute_cap: Optional[float] = None
    meta: Dict[str, object] = field(default_factory=dict)

    @property
    def benchmark(self) -> str:
        return f"peer.{self.peer}.generate"


def _decimals(value: float, places: int) -> str:
    return f"{value:.{places}f}" if value is not None and math.isfinite(value) else NA


def _integer(value: float) -> str:
    return str(int(round(value))) if value is not None and math.isfinite(value) else NA


def _div(a: float, b: float) -> float:
    """a / b as Java's doubles divide: x / 0 is infinite or NaN, which prints n/a."""
    if b == 0:
        return float("nan") if a == 0 or math.isnan(a) else math.copysign(float("inf"), a)
    return a / b


def report_fields(r: PeerResult) -> List[Tuple[str, str]]:
    """The fields of our report's [BENCHMARK] line (benchmarks/.../report/DecoderReport.java), in its
    order and with its formulas, for a peer result; then the peer's name. What the peer does not measure
    prints n/a: peak memory, build time, and ttft/generation time where not timed; mode (TensorRT-LLM's
    plugin/ootb build mode) does not apply to a peer."""
    spec = MODELS.get(r.model)
    batch, inp, out = float(r.batch_size), float(r.input_len), float(r.output_len)
    steps = out - 1
    latency = mean(r.latencies_ms)
    generation = mean(r.generation_ms) if r.generation_ms else float("nan")
    ttft = mean(r.ttft_ms) if r.ttft_ms else float("nan")
    total_generated = steps * batch
    arch = (lambda attr: str(getattr(spec, attr))) if spec else (lambda attr: NA)
    cc = r.compute_cap
    return [
        ("model_name", r.model),
        ("world_size", "1"),
        ("num_heads", arch("heads")),
        ("num_kv_heads", arch("kv_heads")),
        ("num_layers", arch("layers")),
        ("hidden_size", arch("hidden")),
        ("vocab_size", arch("vocab")),
        ("precision", r.precision),
        ("batch_size", _integer(batch)),
        ("gpu_weights_percent", "1.0"),
        ("input_length", _integer(inp)),
        ("output_length", _integer(out)),
        ("gpu_peak_mem(gb)", NA),
        ("build_time(s)", NA),
        ("tokens_per_sec", _decimals(_div(batch * out, latency / 1000), 2)),
        ("percentile95(ms)", _decimals(percentile(r.latencies_ms, 95.0), 3)),
        ("percentile99(ms)", _decimals(percentile(r.latencies_ms, 99.0), 3)),
        ("latency(ms)", _decimals(latency, 3)),
        ("compute_cap", f"sm{int(round(cc))}" if cc is not None and math.isfinite(cc) else NA),
        ("quantization", "none"),
        ("generation_time(ms)", _decimals(generation, 3)),
        ("total_generated_tokens", _integer(total_generated)),
        ("generation_tokens_per_second", _decimals(_div(total_generated, generation / 1000), 3)),
        ("ttft(ms)", _decimals(ttft, 3)),
        ("tpot(ms)", _decimals(_div(generation, steps), 3)),
        ("mode", NA),
        ("peer", r.peer),
    ]


def benchmark_line(r: PeerResult) -> str:
    """The line our `report` prints for this result's JSON record (same fields, same numbers)."""
    return "[BENCHMARK] " + " ".join(f"{k} {v}" for k, v in report_fields(r))


def _metric(values: Sequence[float], unit: str, raw: bool = False) -> dict:
    score = mean(values)
    error = score_error(values)
    metric = {
        "score": score,
        "scoreError": error,
        "scoreConfidence": [score - error, score + error],
        "scorePercentiles": {repr(p): percentile(values, p) for p in JMH_PERCENTILES},
        "scoreUnit": unit,
    }
    if raw:
        metric["rawData"] = [list(values)]
    return metric


def jmh_record(r: PeerResult) -> dict:
    """One result as JMH's JSON writes it (-rf json), for our JmhJsonReader, report and compare.

    benchmark peer.<peer>.generate and mode "sample", like our DecoderBenchmark.generate (SampleTime), so
    that `compare --by model,precision,batchSize,inputOutputLen` pairs it with ours. As in SampleTime, the
    score is the mean of the timed calls in ms/op, the error half the 99.9% confidence interval, and the
    percentiles JMH's. params holds only model, precision, batchSize and inputOutputLen (IN:OUT).
    Secondary metrics carry our names and units, and only what the peer measured. "peer" says how; JMH's
    own fields (jmhVersion, forks, iterations) are left out, since no JMH ran."""
    secondary = {}
    if r.ttft_ms:
        secondary["ttft_ms"] = _metric(r.ttft_ms, "ms")
    if r.generation_ms:
        secondary["generation_time_ms"] = _metric(r.generation_ms, "ms")
    if r.compute_cap is not None:
        secondary["compute_cap"] = _metric([float(r.compute_cap)], "sm")
    return {
        "benchmark": r.benchmark,
        "mode": "sample",
        "peer": dict(r.meta),
        "params": {
            "batchSize": str(r.batch_size),
            "inputOutputLen": input_output_param(r.input_len, r.output_len),
            "model": r.model,
            "precision": r.precision,
        },
        "primaryMetric": _metric(r.latencies_ms, "ms/op", raw=True),
        "secondaryMetrics": secondary,
    }


def _jmh_numbers(node):
    """JMH writes non-finite doubles as the strings NaN, +INF and -INF (plain JSON has no NaN)."""
    if isinstance(node, float):
        if math.isnan(node):
            return "NaN"
        if math.isinf(node):
            return "+INF" if node > 0 else "-INF"
        return node
    if isinstance(node, dict):
        return {k: _jmh_numbers(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_jmh_numbers(v) for v in node]
    return node


def dumps(results: Sequence[PeerResult]) -> str:
    return dumps_records([jmh_record(r) for r in results])


def dumps_records(records: Sequence[dict]) -> str:
    """JMH-format records (jmh_record's, or another peer's of the same shape) as the JSON file's text."""
    return json.dumps(_jmh_numbers(list(records)), indent=4, allow_nan=False) + "\n"


def write_json(path: str, results: Sequence[PeerResult]) -> None:
    write_records(path, [jmh_record(r) for r in results])


def write_records(path: str, records: Sequence[dict]) -> None:
    """Writes the file whole, through a temporary file, so that a crash leaves the last complete one."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(dumps_records(records))
    os.replace(tmp, path)


class Results:
    """What a peer run has measured so far: prints each result's line and keeps --json up to date."""

    def __init__(self, json_path: Optional[str]):
        self.json_path = json_path
        self.results: List[PeerResult] = []

    def add(self, r: PeerResult) -> None:
        self.results.append(r)
        print(benchmark_line(r), flush=True)
        if self.json_path:
            write_json(self.json_path, self.results)


def fail_line(peer: str, model: str, error: BaseException, batch: Optional[int] = None,
              inp: Optional[int] = None, out: Optional[int] = None) -> str:
    """A line for a combination (or, without batch and lengths, a model) that failed."""
    where = f" batch_size {batch} input_length {inp} output_length {out}" if batch is not None else " (building)"
    text = " ".join(str(error).split())[:400]
    return f"[PEER-FAIL] {peer} model_name {model}{where}: {type(error).__name__}: {text}"

# ---------------------------------------------------------------------------------------------------
# On the GPU (torch is imported here, not above).


def torch_dtype(precision: str):
    import torch
    return {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}[precision]


def device_facts() -> Dict[str, object]:
    """The GPU and the software, for the JSON's "peer" block; compute capability as major * 10 + minor."""
    import torch
    major, minor = torch.cuda.get_device_capability()
    return {
        "device": torch.cuda.get_device_name(),
        "computeCapability": major * 10 + minor,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
    }


def time_calls(call, runs: int, warm: int, split: bool = False):
    """Times `runs` calls after `warm` untimed ones, one call at a time, each finished before the next.

    Every call is bracketed by CUDA events on the current stream (recorded before it starts and after it
    returns) and synchronised on the end event. With split=True, `call(first)` must record the event
    `first` when token 1 is produced, which splits the call into ttft and generation time. Returns
    (latencies, ttfts, generations) in ms; the last two are None without split."""
    import torch
    for _ in range(warm):
        if split:
            call(torch.cuda.Event(enable_timing=True))
        else:
            call()
    torch.cuda.synchronize()
    latencies, ttfts, generations = [], [], []
    for _ in range(runs):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        first = torch.cuda.Event(enable_timing=True) if split else None
        start.record()
        if split:
            call(first)
        else:
            call()
        end.record()
        end.synchronize()
        latencies.append(start.elapsed_time(end))
        if split:
            ttfts.append(start.elapsed_time(first))
            generations.append(first.elapsed_time(end))
    return latencies, (ttfts if split else None), (generations if split else None)

# ---------------------------------------------------------------------------------------------------
# The Java tests' fixture: fixed example numbers through the real writer. Not measurements.

FIXTURE_LABEL = ("fixture: example numbers written by tools/peers/peerlib.py --write-fixture through the "
                 "peers' own writer; not a measurement")

FIXTURE_RESULTS = [
    PeerResult(
        peer="torch_fast", model="gpt_350m", precision="float16", batch_size=8, input_len=60, output_len=20,
        latencies_ms=[21.25, 21.5, 20.75, 21.0, 22.5, 21.125, 20.875, 21.375, 24.0, 21.012],
        ttft_ms=[2.5, 2.625, 2.375, 2.5, 2.75, 2.5, 2.5, 2.625, 3.0, 2.512],
        generation_ms=[18.625, 18.75, 18.25, 18.375, 19.625, 18.5, 18.25, 18.625, 20.875, 18.375],
        compute_cap=90,
        meta={"fixture": FIXTURE_LABEL, "tool": "tools/peers/torch_fast.py", "variant": "torch_fast"},
    ),
    PeerResult(
        peer="hf_static", model="llama_7b", precision="float16", batch_size=1, input_len=60, output_len=20,
        latencies_ms=[205.5, 204.25, 206.0, 204.75, 210.5],
        compute_cap=90,
        meta={"fixture": FIXTURE_LABEL, "tool": "tools/peers/hf_generate.py", "variant": "hf_static"},
    ),
]

# ---------------------------------------------------------------------------------------------------
# Checks that need no GPU.

_REGISTRY_ROW = re.compile(
    r'add\(row\("([^"]+)", Family\.(GPT|OPT|LLAMA|GPTJ|GPTNEOX|BLOOM|FALCON|QWEN2)\)\.shape\(([^)]*)\)(.*?)\);', re.S)


def _peer_family(name: str, registry_family: str) -> str:
    """The peers' family of a registry row: StarCoder and Mixtral rows are GPT and LLaMA rows in the registry."""
    if name.startswith("starcoder2"):
        return "starcoder2"
    if name.startswith("starcoder"):
        return "gptbigcode"
    if name.startswith("mixtral"):
        return "mixtral"
    return registry_family
_REGISTRY_ALIAS = re.compile(r'addAs\("([^"]+)",\s*"([^"]+)"')


def check_registry(path: str) -> List[str]:
    """Differences between MODELS and the gpt/opt/llama rows of ModelRegistry.java (empty: they agree)."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    problems = []
    seen = set()
    for name, family, shape, chain in _REGISTRY_ROW.findall(source):
        family = _peer_family(name, family.lower())
        seen.add(name)
        numbers = [int(x) for x in shape.split(",")]
        extras = [c for c in re.findall(r"\.(\w+)\(", chain) if c not in ("limits", "postNorm")]
        if name in NOT_PEERED:
            continue
        if extras and family not in HF_ONLY_FAMILIES:
            problems.append(f"{name}: the registry sets {', '.join(extras)}, which the peers do not model")
            continue
        expected = _row(name, family, *numbers, post_norm="postNorm" in chain)
        if family in HF_ONLY_FAMILIES and name in MODELS and MODELS[name].family != family:
            problems.append(f"{name}: peers family {MODELS[name].family} != registry {family}")
        if name not in MODELS:
            problems.append(f"{name}: in the registry, not in the peers' MODELS")
        elif MODELS[name] != expected:
            problems.append(f"{name}: peers {MODELS[name]} != registry {expected}")
    for alias, _ in _REGISTRY_ALIAS.findall(source):
        seen.add(alias)
    for name in MODELS:
        if name not in seen:
            problems.append(f"{name}: in the peers' MODELS, not a row of the registry")
    if not seen:
        problems.append(f"no registry rows found in {path}")
    return problems


def self_test() -> None:
    # Percentiles as JMH computes them (MultisetStatistics): position p(n+1)/100, clamped.
    v = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(v, 0.0) == 1.0 and percentile(v, 100.0) == 5.0
    assert percentile(v, 50.0) == 3.0
    assert abs(percentile(v, 90.0) - 5.0) < 1e-12          # pos 5.4 -> clamped to the last
    assert abs(percentile(v, 25.0) - 1.5) < 1e-12          # pos 1.5
    assert percentile([7.0], 99.0) == 7.0
    # Student t quantiles (two-sided 99.9%: p = 0.9995), from the tables.
    for df, t in ((1, 636.619), (4, 8.610), (9, 4.781), (29, 3.659), (1000, 3.300)):
        got = student_t_quantile(0.9995, df)
        assert abs(got - t) / t < 1e-3, (df, got, t)
    assert math.isnan(score_error([1.0, 2.0]))
    assert abs(score_error([1.0, 2.0, 3.0]) - student_t_quantile(0.9995, 2) * 1.0 / math.sqrt(3)) < 1e-9
    # The line: n/a for what was not measured, the peer named last.
    r = FIXTURE_RESULTS[1]
    fields = dict(report_fields(r))
    assert fields["ttft(ms)"] == NA and fields["generation_time(ms)"] == NA and fields["tpot(ms)"] == NA
    assert fields["build_time(s)"] == NA and fields["gpu_peak_mem(gb)"] == NA and fields["mode"] == NA
    assert fields["peer"] == "hf_static" and fields["compute_cap"] == "sm90"
    one = PeerResult("x", "gpt_350m", "float16", 1, 8, 1, [1.0], generation_ms=[0.0])
    assert dict(report_fields(one))["tpot(ms)"] == NA
    # The JSON: strings for non-finite numbers, only the four params.
    data = json.loads(dumps(FIXTURE_RESULTS))
    assert set(data[0]["params"]) == {"model", "precision", "batchSize", "inputOutputLen"}
    assert data[0]["params"]["inputOutputLen"] == "60:20" and data[0]["mode"] == "sample"
    assert data[0]["secondaryMetrics"]["compute_cap"]["scoreError"] == "NaN"
    assert parse_input_output_lens("60,20;128:20") == [(60, 20), (128, 20)]
    assert parse_batch_sizes("1;8;64") == [1, 8, 64]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write-fixture", metavar="PATH",
                       help="write the Java tests' fixture (example numbers, not measurements) to PATH")
    group.add_argument("--check-registry", metavar="MODELREGISTRY_JAVA",
                       help="compare the model table with ModelRegistry.java")
    group.add_argument("--self-test", action="store_true", help="check the statistics and the writer")
    a = ap.parse_args(argv)
    if a.write_fixture:
        write_json(a.write_fixture, FIXTURE_RESULTS)
        for r in FIXTURE_RESULTS:
            print(benchmark_line(r))
        print(f"# wrote {a.write_fixture}: {len(FIXTURE_RESULTS)} fixture results (example numbers)", file=sys.stderr)
        return 0
    if a.check_registry:
        problems = check_registry(a.check_registry)
        for p in problems:
            print(p)
        print(f"# {len(MODELS)} models checked against {a.check_registry}: "
              f"{'agree' if not problems else f'{len(problems)} difference(s)'}", file=sys.stderr)
        return 1 if problems else 0
    self_test()
    print("# peerlib self-test passed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
