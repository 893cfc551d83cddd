/*
Shared helpers for every op family: storage-type conversions, 16-byte packed loads/stores,
warp and block reductions.

Numeric policy of the whole library:
  - tensors are stored as float (_f32), __half (_f16) or __nv_bfloat16 (_bf16); the template
    parameter that names the storage type is called floatX everywhere (as in karpathy/llm.c);
  - every load converts to float, all arithmetic and accumulation is fp32, every store rounds
    to nearest-even into the storage type (from_float);
  - round_to<floatX>(x) == (float) (floatX) x: used where the reference model rounds an
    intermediate to the model dtype (Hugging Face computes in the model dtype between ops).

Plain-math reference:
  to_float(x)        = exact widening of x to fp32
  from_float<T>(x)   = x rounded to nearest-even in T (identity for float)
  round_to<T>(x)     = to_float(from_float<T>(x))
*/
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

// ----------------------------------------------------------------------------------------------
// dtype helpers

__device__ __forceinline__ float to_float(float x) { return x; }
__device__ __forceinline__ float to_float(__half x) { return __half2float(x); }
__device__ __forceinline__ float to_float(__nv_bfloat16 x) { return __bfloat162float(x); }

template <typename floatX> __device__ __forceinline__ floatX from_float(float x);
template <> __device__ __forceinline__ float from_float<float>(float x) { return x; }
template <> __device__ __forceinline__ __half from_float<__half>(float x) { return __float2half_rn(x); }
template <> __device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float x) {
    return __float2bfloat16_rn(x);
}

// (float)(floatX) x: round an fp32 intermediate to the storage precision and widen it back.
template <typename floatX> __device__ __forceinline__ float round_to(float x) {
    return to_float(from_float<floatX>(x));
}

__host__ __device__ __forceinline__ int ceil_div(int a, int b) { return (a + b - 1) / b; }

// ----------------------------------------------------------------------------------------------
// Programmatic dependent launch (sm_90 and newer; a no-op below). The engine launches every kernel with
// CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION (cuda/ProgrammaticLaunch.java), which lets the next kernel
// of the stream start launching before this one has finished. Every entry point calls pdl_enter() first, before it
// reads or writes anything: it waits until the kernel before it has completed and its memory is visible (so the
// stream's order holds for every buffer, as without the attribute), then lets the kernel after it launch: that
// kernel's blocks are scheduled onto free SMs during this kernel's tail and wait there, so the gap between two
// kernels of a generation step shrinks to the wait. At most two grids are in flight: the next one is released only
// after this one has waited. A kernel launched without the attribute (cuBLASLt's, NCCL's) keeps the plain order.
__device__ __forceinline__ void pdl_enter() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

// ----------------------------------------------------------------------------------------------
// 16-byte packed vectors: 4 floats or 8 halves/bfloat16s, moved with one 128-bit load/store.
// The caller must check alignment (is_aligned16) and that the element count is a multiple of size.

template <typename floatX> struct alignas(16) Packed128 {
    static constexpr int size = 16 / sizeof(floatX);
    floatX v[size];
};

__device__ __forceinline__ bool is_aligned16(const void* p) {
    return (reinterpret_cast<uintptr_t>(p) & 15) == 0;
}

template <typename floatX> __device__ __forceinline__ Packed128<floatX> load128(const floatX* p) {
    int4 bits = *reinterpret_cast<const int4*>(p);
    Packed128<floatX> r;
    memcpy(&r, &bits, sizeof(bits));
    return r;
}

template <typename floatX> __device__ __forceinline__ void store128(floatX* p, const Packed128<floatX>& r) {
    int4 bits;
    memcpy(&bits, &r, sizeof(bits));
    *reinterpret_cast<int4*>(p) = bits;
}

// ----------------------------------------------------------------------------------------------
// reductions (deterministic: fixed shuffle tree, fixed order over warps)

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum of v over the whole block, returned to every thread. blockDim.x must be a multiple of 32
// (all our launch shapes are). Contains __syncthreads: every thread of the block must call it.
// Safe to call repeatedly (the leading barrier protects the scratch buffer).
__device__ __forceinline__ float block_sum(float v) {
    __shared__ float scratch[32];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = lane < nwarps ? scratch[lane] : 0.0f;
    return warp_sum(t);
}

// Grid-stride loop helpers (elementwise launch: grid min(ceil(n/256), 65535), block 256).
__device__ __forceinline__ long long grid_thread_id() {
    return (long long)blockIdx.x * blockDim.x + threadIdx.x;
}
__device__ __forceinline__ long long grid_stride() { return (long long)gridDim.x * blockDim.x; }
