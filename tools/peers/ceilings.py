#!/usr/bin/env python3
"""Measured ceilings of the GPU, for the floors set beside our numbers (not datasheet figures):

- device-to-device copy bandwidth: one tensor copied into another on the same GPU, counted as bytes read
  plus bytes written (2 x size per copy), in GB/s (1e9 bytes);
- matrix-product rate: an n x n x n product in float16 (or --dtype), 2 n^3 flops, in TFLOP/s (1e12).

Each copy or product is timed alone with CUDA events after warm-up; the figure is the median over the
repetitions (min and max printed beside it). One line each:

  [CEILING] d2d_copy_gbps 4262.1 median of 20, min 4250.3 max 4270.8; 1.00 GiB per copy, read + write
  [CEILING] gemm_float16_tflops 771.4 median of 20, ...
"""
import argparse
import statistics
import sys


def timed(fn, reps: int, warm: int):
    """Milliseconds of each of `reps` calls, each bracketed by CUDA events and waited for alone."""
    import torch
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return times


def rates(times_ms, amount):
    """(median, min, max) of amount / time, amount per second."""
    per_second = sorted(amount / (t / 1e3) for t in times_ms)
    return statistics.median(per_second), per_second[0], per_second[-1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copy_gib", type=float, default=1.0, help="size of the copied tensor, GiB (default 1)")
    ap.add_argument("--gemm_n", type=int, default=8192, help="n of the n x n x n product (default 8192)")
    ap.add_argument("--dtype", default="float16", choices=("float16", "bfloat16"), help="of the product")
    ap.add_argument("--reps", type=int, default=20, help="timed repetitions of each (default 20)")
    ap.add_argument("--warm", type=int, default=3, help="untimed ones before them (default 3)")
    a = ap.parse_args(argv)
    if a.reps < 1 or a.warm < 0 or a.copy_gib <= 0 or a.gemm_n < 1:
        ap.error("sizes and --reps must be positive, --warm >= 0")
    try:
        import torch
    except ImportError as e:
        print(f"ceilings.py needs PyTorch with CUDA: {e}", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("ceilings.py needs a CUDA GPU", file=sys.stderr)
        return 2
    print(f"# ceilings: {torch.cuda.get_device_name()}, torch {torch.__version__}", flush=True)

    nbytes = int(a.copy_gib * (1 << 30))
    src = torch.empty(nbytes, dtype=torch.uint8, device="cuda").random_(0, 256)
    dst = torch.empty_like(src)
    med, lo, hi = rates(timed(lambda: dst.copy_(src), a.reps, a.warm), 2 * nbytes / 1e9)
    print(f"[CEILING] d2d_copy_gbps {med:.1f} median of {a.reps}, min {lo:.1f} max {hi:.1f}; "
          f"{nbytes / (1 << 30):.2f} GiB per copy, read + write", flush=True)
    del src, dst
    torch.cuda.empty_cache()

    n = a.gemm_n
    dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}[a.dtype]
    x = torch.randn(n, n, device="cuda", dtype=dtype)
    y = torch.randn(n, n, device="cuda", dtype=dtype)
    z = torch.empty(n, n, device="cuda", dtype=dtype)
    med, lo, hi = rates(timed(lambda: torch.matmul(x, y, out=z), a.reps, a.warm), 2 * n ** 3 / 1e12)
    print(f"[CEILING] gemm_{a.dtype}_tflops {med:.1f} median of {a.reps}, min {lo:.1f} max {hi:.1f}; "
          f"{n} x {n} x {n}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
