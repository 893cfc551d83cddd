/*
Deterministic random initialisation of weights.

The benchmark does not load real checkpoints by default: weights are synthesised on the GPU from
(seed, element index) with a counter-based generator (SplitMix64 finaliser), so every element is
a pure function of its index. The result is independent of the launch shape and bit-identical to
the Java CPU reference, which regenerates the same weights to check the kernels:

  static long mix64(long z) { z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                              z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL; return z ^ (z >>> 31); }
  static float uniform(long seed, long i) {            // [-1, 1), 24 random bits
      long z = mix64(seed + (i + 1) * 0x9E3779B97F4A7C15L);
      return (float) (z >>> 40) * (1.0f / 8388608.0f) - 1.0f; }
  out[i] = (floatX) (offset + scale * uniform(seed, i)); // fp32: one rounded multiply, one rounded add

Java long arithmetic wraps like unsigned 64-bit arithmetic, so the CUDA side uses unsigned long long.
(float)(z >>> 40) < 2^24 is exact, the multiply by 2^-23 and the subtraction of 1 are exact too, so
u is exact; __fmul_rn/__fadd_rn keep nvcc from contracting offset + scale*u into an FMA (which
would round once instead of twice and differ from Java).
*/
#pragma once
#include "common.cuh"

__device__ __forceinline__ unsigned long long mix64(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

__device__ __forceinline__ float uniform_pm1(unsigned long long seed, long long i) {
    unsigned long long z = mix64(seed + ((unsigned long long)i + 1ull) * 0x9E3779B97F4A7C15ull);
    float u = (float)(unsigned int)(z >> 40);                  // exact: < 2^24
    return __fadd_rn(__fmul_rn(u, 1.0f / 8388608.0f), -1.0f);   // exact in fp32
}

// out (n), elementwise launch: grid min(ceil(n/256), 65535), block 256
template <typename floatX>
__device__ __forceinline__ void init_uniform(floatX* out, long long n, unsigned long long seed, float scale,
                                             float offset) {
    for (long long i = grid_thread_id(); i < n; i += grid_stride()) {
        float v = __fadd_rn(offset, __fmul_rn(scale, uniform_pm1(seed, i)));
        out[i] = from_float<floatX>(v);
    }
}
