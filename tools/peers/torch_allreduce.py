#!/usr/bin/env python3
"""PyTorch peer of AllReduceBenchmark: torch.distributed's all_reduce (sum, NCCL backend) over the GPUs of one host.

One process per rank (torch.multiprocessing, rank r on GPU r), each holding one message of `bytes` in the
precision asked (random values). torch's all_reduce works in place, so each call reduces a fresh copy of the
rank's message, made before the timed region (ours reduces out of place). Per size: `--warm` untimed calls,
then `--runs` timed ones, each bracketed by CUDA events and waited for; rank 0's times are reported (the
collective itself holds every rank to the slowest).

Prints one line per size, and with --json FILE writes JMH-format JSON (benchmark peer.torch_nccl.allReduce,
mode sample, params bytes, precision, worldSize; primary metric us/op; secondary allreduce_gpu_us, algbw_gbps,
busbw_gbps as nccl-tests and our GPU profiler define them) for compare beside ours:

  compare ours.json peer.json --by bytes,precision,worldSize
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerlib  # noqa: E402

DEFAULT_BYTES = "8;1024;65536;1048576;16777216;268435456;1073741824"  # AllReduceBenchmark's default sizes
ELEMENT_BYTES = {"float32": 4, "float16": 2, "bfloat16": 2}


def algorithm_gbps(nbytes: int, millis: float) -> float:
    """Bytes over time in GB/s (1e9 bytes a second), as BusBandwidth.algorithmGbps."""
    return nbytes / (millis * 1e-3) / 1e9


def bus_gbps(algbw: float, ranks: int) -> float:
    """nccl-tests' all-reduce bus bandwidth: algbw x 2 (n - 1) / n (0 for one rank)."""
    return algbw * 2.0 * (ranks - 1) / ranks


def parse_sizes(text: str, precision: str):
    sizes = []
    for part in text.split(";"):
        try:
            n = int(part)
        except ValueError:
            raise ValueError(f"--bytes takes whole numbers separated by ';', not '{part}'")
        if n < ELEMENT_BYTES[precision] or n % ELEMENT_BYTES[precision]:
            raise ValueError(f"--bytes {n}: a message of {precision} is a whole number of "
                             f"{ELEMENT_BYTES[precision]}-byte elements")
        sizes.append(n)
    return sizes


def record(nbytes, precision, world, latencies_us, gpu_ms, facts):
    algbw = [algorithm_gbps(nbytes, t) for t in gpu_ms]
    return {"benchmark": "peer.torch_nccl.allReduce", "mode": "sample", "peer": dict(facts),
            "params": {"bytes": str(nbytes), "precision": precision, "worldSize": str(world)},
            "primaryMetric": peerlib._metric(latencies_us, "us/op", raw=True),
            "secondaryMetrics": {
                "allreduce_gpu_us": peerlib._metric([t * 1e3 for t in gpu_ms], "us"),
                "algbw_gbps": peerlib._metric(algbw, "GB/s"),
                "busbw_gbps": peerlib._metric([bus_gbps(b, world) for b in algbw], "GB/s")}}


def rank_main(rank, world, sizes, precision, warm, runs, port, queue):
    import time
    import torch
    import torch.distributed as dist
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.cuda.set_device(rank)
    dist.init_process_group("nccl", rank=rank, world_size=world, device_id=torch.device("cuda", rank))
    dtype = getattr(torch, precision)
    out = []
    for nbytes in sizes:
        source = torch.rand(nbytes // ELEMENT_BYTES[precision], device="cuda", dtype=dtype)
        work = source.clone()
        latencies_us, gpu_ms = [], []
        for i in range(warm + runs):
            work.copy_(source)
            torch.cuda.synchronize()
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            t0 = time.perf_counter()
            start.record()
            dist.all_reduce(work)
            end.record()
            torch.cuda.synchronize()
            t1 = time.perf_counter()
            if i >= warm:
                latencies_us.append((t1 - t0) * 1e6)
                gpu_ms.append(start.elapsed_time(end))
        out.append((nbytes, latencies_us, gpu_ms))
        del source, work
    if rank == 0:
        queue.put(out)
    dist.destroy_process_group()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bytes", default=DEFAULT_BYTES, help=f"message sizes per rank, ';'-separated (default {DEFAULT_BYTES})")
    ap.add_argument("--precision", default="float16", choices=tuple(ELEMENT_BYTES))
    ap.add_argument("--world_size", type=int, default=1, help="GPUs of this host, one rank each (default 1)")
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--port", type=int, default=29517, help="rendezvous port on 127.0.0.1")
    ap.add_argument("--json", help="write JMH-format JSON here")
    a = ap.parse_args(argv)
    try:
        sizes = parse_sizes(a.bytes, a.precision)
    except ValueError as e:
        ap.error(str(e))
    if a.world_size < 1 or a.runs < 1 or a.warm < 0:
        ap.error("--world_size and --runs must be at least 1, --warm at least 0")
    try:
        import torch
        import torch.multiprocessing as mp
    except ImportError as e:
        print(f"torch_allreduce.py needs PyTorch with CUDA: {e}", file=sys.stderr)
        return 2
    if not torch.cuda.is_available() or torch.cuda.device_count() < a.world_size:
        print(f"torch_allreduce.py: --world_size {a.world_size} needs as many GPUs; "
              f"{torch.cuda.device_count() if torch.cuda.is_available() else 0} visible", file=sys.stderr)
        return 2
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=rank_main, args=(r, a.world_size, sizes, a.precision, a.warm, a.runs, a.port, queue))
             for r in range(a.world_size)]
    for p in procs:
        p.start()
    results = queue.get()
    for p in procs:
        p.join()
    if any(p.exitcode for p in procs):
        print("torch_allreduce.py: a rank failed: exit codes " + str([p.exitcode for p in procs]), file=sys.stderr)
        return 1
    props = torch.cuda.get_device_properties(0)
    facts = {"device": props.name, "computeCapability": props.major * 10 + props.minor, "torch": torch.__version__,
             "nccl": ".".join(str(v) for v in torch.cuda.nccl.version())}
    records = []
    print(f"# torch_allreduce: {props.name}, world size {a.world_size}, {a.precision}, NCCL {facts['nccl']}")
    for nbytes, latencies_us, gpu_ms in results:
        rec = record(nbytes, a.precision, a.world_size, latencies_us, gpu_ms, facts)
        records.append(rec)
        s = rec["secondaryMetrics"]
        print(f"[ALLREDUCE] bytes {nbytes} precision {a.precision} world_size {a.world_size} "
              f"latency(us) {rec['primaryMetric']['score']:.2f} gpu(us) {s['allreduce_gpu_us']['score']:.2f} "
              f"algbw(GB/s) {s['algbw_gbps']['score']:.2f} busbw(GB/s) {s['busbw_gbps']['score']:.2f}")
    if a.json:
        peerlib.write_records(a.json, records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
