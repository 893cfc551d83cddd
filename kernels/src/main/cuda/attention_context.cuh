/*
Causal self-attention over the prompt ("context" / prefill phase), flash-attention style on CUDA
cores, reading q, k, v straight from the fused QKV activations.

Shapes: qkv (B*T, (H + 2KV) * D): per token row H query heads, KV key heads, KV value heads;
        out (B*T, H*D). Grouped-query attention: query head h reads kv head h / (H / KV).
        D <= 128 (any D >= 1); with D > 128 the kernel returns without writing anything.

Plain-math reference (fp32; the prompt of every sequence starts at position 0):
  for b < B, h < H, t < T:
    q = qkv[b*T + t, h*D : h*D + D];  hk = h / (H / KV)
    for j <= t: s[j] = scale * dot(q, qkv[b*T + j, (H + hk)*D : ... + D])
    mx = max_j s[j];  w[j] = exp(s[j] - mx);  l = sum_j w[j]
    out[b*T + t, h*D + d] = round(sum_j w[j] * qkv[b*T + j, (H + KV + hk)*D + d] / l)

Algorithm (launch grid (ceil(T/32), H, B), block 128 = 4 warps):
  - A block owns 32 query rows of one (b, h); warp w owns rows 8w..8w+7 of them.
  - Inside a warp, lane = 8 * g + r: r (0..7) picks the query row, g (0..3) a quarter of the head
    dims. The head dim is padded to Dp = round_up(D, 16) with zeros, so each lane group owns
    cw = Dp/4 contiguous dims (a multiple of 4: float4 shared-memory reads). The lane keeps its
    query slice (pre-multiplied by scale*log2(e): softmax runs in base 2 with exp2f) and its
    output slice in registers: 2 * 32 floats at most. No query tile in shared memory.
  - Keys/values stream through shared memory in tiles of 32 keys (converted to fp32 once at load,
    K and V 16 KB each, 32 KB static). Only tiles 0..blockIdx.x are visited (causal: every later
    tile lies above the diagonal); in the diagonal tile each warp stops after its last row's key.
  - Scores: for 4 keys at a time each lane forms 4 partial dot products over its dims; a 2-step
    butterfly reduce-scatter (shfl xor 16, xor 8) sums them across the 4 lane groups, leaving
    lane group g with the full score of key 4*i + g. So a lane holds 8 scores of a 32-key tile.
  - Online softmax per row: tile max over the 4 lanes of the row (2 shuffles), rescale of the
    running output and running (per-lane partial) sum by exp2(m_old - m_new).
  - P.V: for each key the probability is broadcast from the lane that holds it (one shuffle) and
    the lane accumulates p * V[key, its dims] from shared memory.
  - End: the 4 partial sums of a row are added (2 shuffles) and out = o / l rounded to floatX.
  No global scratch, no T x T matrix. Shared memory: 32 KB static.
*/
#pragma once
#include "common.cuh"

namespace attn {
constexpr int kMaxD = 128;         // largest supported head dim
constexpr int kQTile = 32;         // query rows per block
constexpr int kKTile = 32;         // keys per shared-memory tile
constexpr int kRowsPerWarp = 8;    // query rows per warp
constexpr int kWarps = 4;          // block = 128 threads
constexpr float kLog2e = 1.4426950408889634f;
}  // namespace attn

// Launch grid (ceil(T / 32), H, B), block 128.
template <typename floatX>
__device__ __forceinline__ void attention_context(floatX* out, const floatX* qkv, int B, int T, int H, int KV,
                                                  int D, float scale) {
    using namespace attn;
    static_assert(kQTile == kKTile, "the diagonal tile index equals the query tile index");
    __shared__ __align__(16) float Ks[kKTile * kMaxD];
    __shared__ __align__(16) float Vs[kKTile * kMaxD];

    const int qt = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
    if (b >= B || h >= H || qt * kQTile >= T || D <= 0 || D > kMaxD) return;  // whole block
    const unsigned full = 0xffffffffu;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int r = lane & 7, g = lane >> 3;
    const int Dp = (D + 15) & ~15;  // padded head dim: multiple of 16
    const int cw = Dp >> 2;         // dims per lane group: multiple of 4, <= 32
    const int nv = cw >> 2;         // float4 per lane group: 1..8
    const int hk = h / (H / KV);
    const long long row_stride = (long long)(H + 2 * KV) * D;
    const floatX* seq = qkv + (long long)b * T * row_stride;
    const floatX* kbase = seq + (long long)(H + hk) * D;
    const floatX* vbase = seq + (long long)(H + KV + hk) * D;

    const int warp_row0 = qt * kQTile + warp * kRowsPerWarp;
    const bool warp_active = warp_row0 < T;  // some row of this warp is a real token
    const int warp_last = min(warp_row0 + kRowsPerWarp - 1, T - 1);
    const int q_row = warp_row0 + r;
    const int q_lim = min(q_row, T - 1);  // last key the row attends to (rows >= T: computed, never stored)

    // this lane's query slice, dims [g*cw, g*cw + cw), in log2 units
    float q[32];
    {
        const float qscale = scale * kLog2e;
        const floatX* qsrc = seq + (long long)q_lim * row_stride + (long long)h * D;
#pragma unroll
        for (int i = 0; i < 32; i++) {
            const int d = g * cw + i;
            q[i] = (i < cw && d < D) ? to_float(qsrc[d]) * qscale : 0.0f;
        }
    }

    // zero the padding columns [D, Dp) once: tile loads never write them
    if (Dp > D) {
        const int pad = Dp - D;
        for (int idx = tid; idx < kKTile * pad; idx += blockDim.x) {
            const int j = idx / pad, d = D + (idx - j * pad);
            Ks[j * Dp + d] = 0.0f;
            Vs[j * Dp + d] = 0.0f;
        }
    }

    constexpr int VEC = Packed128<floatX>::size;
    const bool vec_ok = (D % VEC == 0) && is_aligned16(qkv);

    float o[32];
#pragma unroll
    for (int i = 0; i < 32; i++) o[i] = 0.0f;
    float m_run = -INFINITY, l_run = 0.0f;

    for (int kt = 0; kt <= qt; kt++) {
        const int k0 = kt * kKTile;
        const int nkeys = min(kKTile, T - k0);
        __syncthreads();  // every warp is done with the previous tile
        if (vec_ok) {
            const int nvr = D / VEC;
            for (int idx = tid; idx < kKTile * nvr; idx += blockDim.x) {
                const int j = idx / nvr, c = (idx - j * nvr) * VEC;
                float4* kd = reinterpret_cast<float4*>(Ks + j * Dp + c);
                float4* vd = reinterpret_cast<float4*>(Vs + j * Dp + c);
                if (j < nkeys) {
                    const Packed128<floatX> kp = load128(kbase + (long long)(k0 + j) * row_stride + c);
                    const Packed128<floatX> vp = load128(vbase + (long long)(k0 + j) * row_stride + c);
#pragma unroll
                    for (int e = 0; e < VEC; e += 4) {
                        kd[e / 4] = make_float4(to_float(kp.v[e]), to_float(kp.v[e + 1]), to_float(kp.v[e + 2]),
                                                to_float(kp.v[e + 3]));
                        vd[e / 4] = make_float4(to_float(vp.v[e]), to_float(vp.v[e + 1]), to_float(vp.v[e + 2]),
                                                to_float(vp.v[e + 3]));
                    }
                } else {
#pragma unroll
                    for (int e = 0; e < VEC; e += 4) {
                        kd[e / 4] = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
                        vd[e / 4] = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
                    }
                }
            }
        } else {
            for (int idx = tid; idx < kKTile * D; idx += blockDim.x) {
                const int j = idx / D, d = idx - j * D;
                float kv = 0.0f, vv = 0.0f;
                if (j < nkeys) {
                    kv = to_float(kbase[(long long)(k0 + j) * row_stride + d]);
                    vv = to_float(vbase[(long long)(k0 + j) * row_stride + d]);
                }
                Ks[j * Dp + d] = kv;
                Vs[j * Dp + d] = vv;
            }
        }
        __syncthreads();
        if (!warp_active) continue;  // warp-uniform; the barriers above are still reached

        // keys of this tile that some row of the warp needs (>= 1: key k0 <= every row)
        const int kcount = min(kKTile, warp_last - k0 + 1);

        // scores: s[i] = score of key k0 + 4*i + g for this lane's row
        float s[8];
#pragma unroll
        for (int i4 = 0; i4 < 8; i4++) {
            s[i4] = -INFINITY;
            if (i4 * 4 < kcount) {  // warp-uniform
                float pc[4];
#pragma unroll
                for (int c = 0; c < 4; c++) {
                    const float4* krow = reinterpret_cast<const float4*>(Ks + (i4 * 4 + c) * Dp + g * cw);
                    float acc0 = 0.0f, acc1 = 0.0f;
#pragma unroll
                    for (int i = 0; i < 8; i++) {
                        if (i < nv) {
                            const float4 kv = krow[i];
                            acc0 = fmaf(q[4 * i + 0], kv.x, acc0);
                            acc1 = fmaf(q[4 * i + 1], kv.y, acc1);
                            acc0 = fmaf(q[4 * i + 2], kv.z, acc0);
                            acc1 = fmaf(q[4 * i + 3], kv.w, acc1);
                        }
                    }
                    pc[c] = acc0 + acc1;
                }
                // butterfly reduce-scatter over the lane groups (lane bits 4 and 3 = bits 1 and 0 of g)
                const bool hi = (g & 2) != 0, odd = (g & 1) != 0;
                float a0 = hi ? pc[2] : pc[0], a1 = hi ? pc[3] : pc[1];
                const float b0 = hi ? pc[0] : pc[2], b1 = hi ? pc[1] : pc[3];
                a0 += __shfl_xor_sync(full, b0, 16);
                a1 += __shfl_xor_sync(full, b1, 16);
                float keep = odd ? a1 : a0;
                const float send = odd ? a0 : a1;
                keep += __shfl_xor_sync(full, send, 8);
                const int key = k0 + i4 * 4 + g;
                s[i4] = key <= q_lim ? keep : -INFINITY;
            }
        }

        // online softmax (base 2)
        float mt = s[0];
#pragma unroll
        for (int i4 = 1; i4 < 8; i4++) mt = fmaxf(mt, s[i4]);
        mt = fmaxf(mt, __shfl_xor_sync(full, mt, 8));
        mt = fmaxf(mt, __shfl_xor_sync(full, mt, 16));
        const float m_new = fmaxf(m_run, mt);
        const float m_use = m_new == -INFINITY ? 0.0f : m_new;  // cannot happen; keeps NaN out regardless
        const float alpha = exp2f(m_run - m_use);
        float psum = 0.0f;
#pragma unroll
        for (int i4 = 0; i4 < 8; i4++) {
            s[i4] = exp2f(s[i4] - m_use);
            psum += s[i4];
        }
        l_run = l_run * alpha + psum;
        m_run = m_new;
#pragma unroll
        for (int i = 0; i < 32; i++)
            if (i < cw) o[i] *= alpha;

        // o += p . V
#pragma unroll
        for (int i4 = 0; i4 < 8; i4++) {
            if (i4 * 4 < kcount) {  // warp-uniform
#pragma unroll
                for (int c = 0; c < 4; c++) {
                    const float pk = __shfl_sync(full, s[i4], r | (c << 3));
                    const float4* vrow = reinterpret_cast<const float4*>(Vs + (i4 * 4 + c) * Dp + g * cw);
#pragma unroll
                    for (int i = 0; i < 8; i++) {
                        if (i < nv) {
                            const float4 vv = vrow[i];
                            o[4 * i + 0] = fmaf(pk, vv.x, o[4 * i + 0]);
                            o[4 * i + 1] = fmaf(pk, vv.y, o[4 * i + 1]);
                            o[4 * i + 2] = fmaf(pk, vv.z, o[4 * i + 2]);
                            o[4 * i + 3] = fmaf(pk, vv.w, o[4 * i + 3]);
                        }
                    }
                }
            }
        }
    }

    if (!warp_active) return;
    float l = l_run + __shfl_xor_sync(full, l_run, 8);
    l += __shfl_xor_sync(full, l, 16);
    if (q_row < T) {
        floatX* dst = out + ((long long)b * T + q_row) * ((long long)H * D) + (long long)h * D;
#pragma unroll
        for (int i = 0; i < 32; i++) {
            const int d = g * cw + i;
            if (i < cw && d < D) dst[d] = from_float<floatX>(o[i] / l);
        }
    }
}

// launch grid (ceil(T/32), H, B), block 128
extern "C" __global__ void __launch_bounds__(128)
attention_context_f32(float* out, const float* qkv, int B, int T, int H, int KV, int D, float scale) {
    attention_context(out, qkv, B, T, H, KV, D, scale);
}
extern "C" __global__ void __launch_bounds__(128)
attention_context_f16(__half* out, const __half* qkv, int B, int T, int H, int KV, int D, float scale) {
    attention_context(out, qkv, B, T, H, KV, D, scale);
}
extern "C" __global__ void __launch_bounds__(128)
attention_context_bf16(__nv_bfloat16* out, const __nv_bfloat16* qkv, int B, int T, int H, int KV, int D,
                       float scale) {
    attention_context(out, qkv, B, T, H, KV, D, scale);
}
