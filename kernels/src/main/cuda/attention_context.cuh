/*
Causal self-attention over the prompt ("context" / prefill phase), flash-attention style, reading
q, k, v straight from the fused QKV activations. Two implementations behind one entry point:
  - tensor cores (f16, bf16 with D % 16 == 0, D <= 128, 16-byte aligned pointers): attention_context_tc
  - CUDA cores (f32 always, so fp32 stays true fp32; f16/bf16 fallback): attention_context_simt

Shapes: qkv (B*T, (H + 2KV) * D): per token row H query heads, KV key heads, KV value heads;
        out (B*T, H*D). Grouped-query attention: query head h reads kv head h / (H / KV).
        alibi: H fp32 slopes (ALiBi: BLOOM, Falcon-RW), or null. With it, score (t, j) gains
        alibi[h] * (j - t) after the scaling: Hugging Face adds alibi[h] * j, which differs by a
        constant per query row, so the softmax is the same; the relative form keeps the added
        values small (no fp32 rounding of a large j * slope next to the score).
        D <= 128 (any D >= 1); with D > 128 the kernel returns without writing anything.
        prefix: keys 0..prefix-1 are seen by every query (ChatGLM's context, read both ways; 0 <= prefix <= T),
        so query t sees keys j < max(t + 1, prefix); 0 is plain causal attention.

Launch (both paths, all dtypes): grid (ceil(T/32), H, B), block 128 = 4 warps, no dynamic smem. The encoder's
bidirectional kernel (attention_encoder, below) has its own grid, (ceil(T / rows_per_block(D)), H, B).

Plain-math reference (fp32; the prompt of every sequence starts at position 0):
  for b < B, h < H, t < T:
    q = qkv[b*T + t, h*D : h*D + D];  hk = h / (H / KV)
    for j < max(t + 1, prefix):
      s[j] = scale * dot(q, qkv[b*T + j, (H + hk)*D : ... + D]) + (alibi ? alibi[h] * (j - t) : 0)
    mx = max_j s[j];  w[j] = exp(s[j] - mx);  l = sum_j w[j]
    out[b*T + t, h*D + d] = round(sum_j w[j] * qkv[b*T + j, (H + KV + hk)*D + d] / l)

Tensor-core path (flash-attention-2 on mma.sync.m16n8k16, fp32 accumulation):
  - A block owns 32 query rows q0 = 32*blockIdx.x .. q0+31 of one (b, h). Warp w = 2*kh + rh:
    rh picks the 16-row half of the queries, kh the key half: keys are cut into 32-key chunks,
    chunk c (keys 32c .. 32c+31) goes to the warps with kh = c % 2. Chunks 0..blockIdx.x are
    visited (every later chunk lies above the diagonal). Step s of the loop stages chunks 2s and
    2s+1 (64 keys) of K and V in shared memory; each warp runs its own online softmax over its
    chunks, and at the end the two key halves of each row are merged through shared memory
    (split-K inside the block, as in flash-decoding). With a prefix, the chunks up to the prefix's last
    key are visited too.
  - Shared memory (floatX, rows padded to D+8 elements so ldmatrix rows fall in distinct banks):
    Q 32 x (D+8), K 64 x (D+8), V 64 x (D+8): 43,520 bytes at D = 128. Tiles arrive by cp.async
    (16-byte, rows past T zero-filled). Pipeline over single K and V buffers: while a step computes
    S = Q K^T the V tile is still landing; once every warp is past S, the next K tile is issued,
    overlapping softmax and P.V; once past P.V, the next V tile.
  - S = Q K^T per warp: 16 rows x 32 keys, D/16 k-steps; Q fragments by ldmatrix.x4 from the Q
    tile (reloaded every step: registers go to the output), K fragments by ldmatrix.x4 (K rows are
    the "col" operand as stored). Scores are scaled by scale*log2(e) in fp32, masked (key > row
    and key >= prefix, or key >= T -> -inf; only in chunks that reach past the prefix and the
    diagonal, or T), softmax in base 2 (exp2f).
    In the diagonal chunk the warp of rows q0..q0+15 needs only its first 16 keys: it skips the
    other half of S and P.V.
  - Online softmax in registers (fp32): lane (g = lane/4, t = lane%4) holds rows g and g+8 of the
    warp's 16, keys 8j + 2t, 8j + 2t + 1; row max over the 4 lanes of a row by 2 shuffles; the
    running sum stays per lane and is reduced once at the end.
  - O += P V: the S accumulators, rounded to floatX, are directly the A fragments of the second
    mma (the m16n8 C layout of two key n-tiles is the m16k16 A layout); V fragments by
    ldmatrix.x4.trans. O is 16 x D fp32 per warp in registers (D/2 floats per lane).
  - End: kh = 1 warps write (O, m, l) to shared memory (over the K tile), kh = 0 warps merge,
    divide by l, round to floatX into a staging tile (over the Q tile), and the block writes its
    rows with 16-byte stores. Rows >= T are computed from zero queries and never stored.
  Head dim is a template parameter (D = 16, 32, ..., 128, dispatched in the wrapper).
  Resources (sm_90): 167 registers (capped by __launch_bounds__(128, ATTN_TC_MIN_BLOCKS = 3)), no
  spills, 43,520 bytes static smem: 3 blocks (12 warps) per SM on H100.
  Cost, llama_7b batch 64 x 128 tokens (H = KV = 32, D = 128), one layer: 8.6 GFLOP (causal
  4*B*H*T^2*D/2), ~9 us of dense tensor-core peak, but 268 MB of DRAM traffic that no schedule
  avoids (qkv read once: 201 MB, out written once: 67 MB; the K/V re-reads of the 4 query tiles of
  a head hit L2): ~80 us at 3.35 TB/s. At these shapes the op is memory-bound; GB/s is the figure
  of merit (kernels/dev/attention_context_test.cu prints both).
  Checked without a GPU by kernels/dev/attention_context_emu.sh (CPU emulation of the warp ops).

Encoder path (attention_encoder_tc; entry point attention_encoder, f16/bf16 tensor-core shapes only):
  bidirectional attention of BERT-like encoders, every row of sequence b over its keys 0 .. len-1
  (len = lengths[b] clamped to 1..T; padding rows too, as Hugging Face computes them), no ALiBi, no cache.
  Same fragments, online softmax and P.V as above, shaped for long unmasked rows:
  - A block of 4 warps owns 64 * MT query rows, MT = 2 sixteen-row m-tiles per warp up to D = 64 and 1
    above; every warp reads all 64 keys of a step (no key halves, no merge at the end), so each K and V
    fragment loaded by ldmatrix feeds MT products. The warp's Q fragments are loaded once into
    registers (the Q tile passes through the K and V tiles before the first step).
  - Shared memory: K 64 x (D+8) and V 64 x (D+8), 34,816 bytes at D = 128; the same single-buffer pipeline
    (next K issued once every warp is past S, next V once past P.V). Keys at or past len are zero-filled
    in their 16-key group and masked; groups wholly past len are skipped.
  - Registers: Q, O and 64 scores per m-tile stay in registers; compiled for 2 blocks per SM
    (ATTN_ENC_MIN_BLOCKS): the D = 128 instance spills at 3.
  On an H200 (the version with MT = 1 throughout), BERT-large at 64 x 512 tokens: 14.5 ms of attention a
  forward pass, 114 TFLOP/s, against 16.4 ms for the causal kernel made bidirectional before it.

CUDA-core path (attention_context_simt):
  - A block owns 32 query rows of one (b, h); warp w owns rows 8w..8w+7 of them.
  - Inside a warp, lane = 8 * g + r: r (0..7) picks the query row, g (0..3) a quarter of the head
    dims. The head dim is padded to Dp = round_up(D, 16) with zeros, so each lane group owns
    cw = Dp/4 contiguous dims (a multiple of 4: float4 shared-memory reads). The lane keeps its
    query slice (pre-multiplied by scale*log2(e): softmax runs in base 2 with exp2f) and its
    output slice in registers: 2 * 32 floats at most. No query tile in shared memory.
  - Keys/values stream through shared memory in tiles of 32 keys (converted to fp32 once at load,
    K and V 16 KB each, 32 KB static). Only tiles 0..blockIdx.x are visited (causal: every later
    tile lies above the diagonal), and those holding the prefix; in the last tile each warp stops
    after the last key one of its rows sees.
  - Scores: for 4 keys at a time each lane forms 4 partial dot products over its dims; a 2-step
    butterfly reduce-scatter (shfl xor 16, xor 8) sums them across the 4 lane groups, leaving
    lane group g with the full score of key 4*i + g. So a lane holds 8 scores of a 32-key tile.
  - Online softmax per row: tile max over the 4 lanes of the row (2 shuffles), rescale of the
    running output and running (per-lane partial) sum by exp2(m_old - m_new).
  - P.V: for each key the probability is broadcast from the lane that holds it (one shuffle) and
    the lane accumulates p * V[key, its dims] from shared memory.
  - End: the 4 partial sums of a row are added (2 shuffles) and out = o / l rounded to floatX.
  No global scratch, no T x T matrix. Shared memory: 32 KB (the K and V tiles, given by the caller).
*/
#pragma once
#include "common.cuh"
#include "ptx.cuh"

namespace attn {
constexpr int kMaxD = 128;         // largest supported head dim
constexpr int kQTile = 32;         // query rows per block
constexpr int kKTile = 32;         // keys per shared-memory tile
constexpr int kRowsPerWarp = 8;    // query rows per warp
constexpr int kWarps = 4;          // block = 128 threads
constexpr float kLog2e = 1.4426950408889634f;
constexpr int kSimtSmemBytes = 2 * kKTile * kMaxD * (int)sizeof(float);  // 32 KB
}  // namespace attn

// CUDA-core path. Launch grid (ceil(T / 32), H, B), block 128. Ks, Vs: kKTile * kMaxD floats of
// shared memory each, 16-byte aligned. (Two separate __shared__ arrays let ptxas keep this at 128
// registers; two halves of one buffer cost it 159.)
template <typename floatX>
__device__ __forceinline__ void attention_context_simt(floatX* out, const floatX* qkv, int B, int T, int H,
                                                       int KV, int D, float scale, const float* alibi, int prefix,
                                                       float* Ks, float* Vs) {
    using namespace attn;
    static_assert(kQTile == kKTile, "the diagonal tile index equals the query tile index");

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
    const int q_lim = min(q_row, T - 1);  // last causal key of the row (rows >= T: computed, never stored)
    const int warp_vis = max(warp_last, prefix - 1);  // last key any row of the warp attends to
    const int tiles = max(qt + 1, ceil_div(prefix, kKTile));  // the diagonal's, and those of the prefix
    const float slope2 = alibi != nullptr ? alibi[h] * kLog2e : 0.0f;  // ALiBi slope in log2 units

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

    for (int kt = 0; kt < tiles; kt++) {
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

        // keys of this tile that some row of the warp needs (>= 1: key k0 <= every row, or k0 < prefix)
        const int kcount = min(kKTile, warp_vis - k0 + 1);

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
                if (alibi != nullptr) keep = fmaf(slope2, (float)(key - q_lim), keep);
                s[i4] = (key <= q_lim || key < prefix) ? keep : -INFINITY;
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

// ----------------------------------------------------------------------------------------------
// Tensor-core path

namespace attn_tc {
constexpr int kQRows = 32;         // query rows per block (grid.x = ceil(T / 32))
constexpr int kChunk = 32;         // keys per warp per step
constexpr int kStepKeys = 64;      // keys staged per step: 2 chunks, one per key half
constexpr int kMaxD = 128;
constexpr int kPad = 8;            // padding elements per shared-memory row (16 bytes)
constexpr int kThreads = 128;
// Q tile + K tile + V tile at D = 128 in 16-bit elements: 43,520 bytes
constexpr int kSmemBytes = (kQRows + 2 * kStepKeys) * (kMaxD + kPad) * 2;
}  // namespace attn_tc

namespace attn_enc {
constexpr int kKeys = 64;          // keys staged per step, all of them read by every warp
constexpr int kMaxD = 128;
constexpr int kPad = 8;            // padding elements per shared-memory row (16 bytes)
constexpr int kThreads = 128;
// K tile + V tile at D = 128 in 16-bit elements: 34,816 bytes (the Q tile passes through them first)
constexpr int kSmemBytes = 2 * kKeys * (kMaxD + kPad) * 2;
// 16-row m-tiles per warp: two up to D = 64 (each K and V fragment loaded from shared memory feeds two
// products, twice the work between two barriers), one above (the registers of a second tile's output
// would not fit). A block has 4 warps: 64 * m_tiles(D) query rows.
__host__ __device__ constexpr int m_tiles(int D) { return D <= 64 ? 2 : 1; }
__host__ __device__ constexpr int rows_per_block(int D) { return 64 * m_tiles(D); }
}  // namespace attn_enc

// PTX wrappers (cp.async, ldmatrix, mma.m16n8k16): ptx.cuh

// two floats -> two 16-bit values in one register (lo in the low half), round to nearest-even
template <typename floatX> __device__ __forceinline__ uint32_t pack2(float lo, float hi);
template <> __device__ __forceinline__ uint32_t pack2<__half>(float lo, float hi) {
    __half2 v = __floats2half2_rn(lo, hi);
    uint32_t r;
    memcpy(&r, &v, 4);
    return r;
}
template <> __device__ __forceinline__ uint32_t pack2<__nv_bfloat16>(float lo, float hi) {
    __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
    uint32_t r;
    memcpy(&r, &v, 4);
    return r;
}

// ---- Flash-attention steps shared by the causal kernel and the encoder's ----

// Stages rows first .. first+nrows-1 of one head's D columns (from column col0 of rows row_stride elements apart)
// into a shared tile of row stride LD, 16 bytes a cp.async from the block's 128 threads; rows >= limit are
// zero-filled (nothing is read).
template <int D, int LD, typename floatX>
__device__ __forceinline__ void stage_rows(floatX* dst, const floatX* src, long long col0, int first, int nrows,
                                           int limit, long long row_stride) {
    constexpr int CPR = D / 8;  // 16-byte chunks per row
    for (int idx = threadIdx.x; idx < nrows * CPR; idx += attn_tc::kThreads) {
        const int j = idx / CPR, c = idx - j * CPR;
        const int row = first + j;
        cp_async16(dst + j * LD + c * 8, src + (long long)min(row, limit - 1) * row_stride + col0 + c * 8,
                   row < limit ? 16 : 0);
    }
}

// One online-softmax step of a warp's 16 rows (a lane holds rows g and g+8) over NJ n-tiles of 8 keys, whose
// scores s are scaled to log2 units and masked, mx the lane's maxima of them: the row maxima over the 4 lanes
// of a row, the running max m_run and this lane's running sum l_run, the output rows rescaled, s replaced by
// p = exp2(s - m).
template <int NJ, int NT>
__device__ __forceinline__ void online_softmax(float (&s)[NJ][4], float (&mx)[2], float (&m_run)[2], float (&l_run)[2],
                                               float (&o)[NT][4]) {
    float alpha[2], m_use[2];
#pragma unroll
    for (int i = 0; i < 2; i++) {
        mx[i] = fmaxf(mx[i], __shfl_xor_sync(0xffffffffu, mx[i], 1));
        mx[i] = fmaxf(mx[i], __shfl_xor_sync(0xffffffffu, mx[i], 2));
        const float m_new = fmaxf(m_run[i], mx[i]);
        m_use[i] = m_new == -INFINITY ? 0.0f : m_new;  // cannot happen (every step holds a key of every row)
        alpha[i] = exp2f(m_run[i] - m_use[i]);
        m_run[i] = m_new;
        l_run[i] *= alpha[i];
    }
#pragma unroll
    for (int j = 0; j < NJ; j++) {
#pragma unroll
        for (int e = 0; e < 4; e++) {
            const float p = exp2f(s[j][e] - m_use[e >> 1]);
            s[j][e] = p;
            l_run[e >> 1] += p;
        }
    }
#pragma unroll
    for (int n = 0; n < NT; n++) {
        o[n][0] *= alpha[0];
        o[n][1] *= alpha[0];
        o[n][2] *= alpha[1];
        o[n][3] *= alpha[1];
    }
}

// P rounded to floatX as the A fragments of P V: the m16n8 C layout of n-tiles 2kk, 2kk+1 (keys 16kk..16kk+15)
// is the m16k16 A layout.
template <typename floatX, int NJ>
__device__ __forceinline__ void p_fragments(uint32_t (&pa)[NJ / 2][4], const float (&s)[NJ][4]) {
#pragma unroll
    for (int kk = 0; kk < NJ / 2; kk++) {
        pa[kk][0] = pack2<floatX>(s[2 * kk][0], s[2 * kk][1]);
        pa[kk][1] = pack2<floatX>(s[2 * kk][2], s[2 * kk][3]);
        pa[kk][2] = pack2<floatX>(s[2 * kk + 1][0], s[2 * kk + 1][1]);
        pa[kk][3] = pack2<floatX>(s[2 * kk + 1][2], s[2 * kk + 1][3]);
    }
}

// Writes rows first .. first+nrows-1 (those < T) of one head's output, out (rows of H heads of D), from a shared
// staging tile (row stride LD) with 16-byte stores.
template <int D, int LD, typename floatX>
__device__ __forceinline__ void store_rows(floatX* out, const floatX* tile, int first, int nrows, int T, int H) {
    constexpr int CPR = D / 8;
    for (int idx = threadIdx.x; idx < nrows * CPR; idx += attn_tc::kThreads) {
        const int j = idx / CPR, c = idx - j * CPR;
        const int row = first + j;
        if (row < T) {
            int4 v;
            memcpy(&v, tile + j * LD + c * 8, 16);
            *reinterpret_cast<int4*>(out + (long long)row * H * D + c * 8) = v;
        }
    }
}

// Tensor-core path. Launch grid (ceil(T / 32), H, B), block 128 (exactly). floatX = __half or
// __nv_bfloat16; D % 16 == 0, D <= 128; qkv and out 16-byte aligned. smem: attn_tc::kSmemBytes.
template <typename floatX, int D>
__device__ __forceinline__ void attention_context_tc(floatX* out, const floatX* qkv, int B, int T, int H, int KV,
                                                     float scale, const float* alibi, int prefix, unsigned char* smem) {
    using namespace attn_tc;
    static_assert(D % 16 == 0 && D >= 16 && D <= kMaxD, "head dim");
    static_assert(sizeof(floatX) == 2, "16-bit storage types only");
    constexpr int LD = D + kPad;  // shared row stride (elements); LD/8 odd: ldmatrix conflict-free
    constexpr int NT = D / 8;     // 8-wide n-tiles of the output
    constexpr int KS = D / 16;    // k-steps of Q K^T
    constexpr int CPR = D / 8;    // 16-byte chunks per row
    constexpr float kLog2e = 1.4426950408889634f;

    floatX* Qs = reinterpret_cast<floatX*>(smem);  // [32][LD], later the output staging tile
    floatX* Ks = Qs + kQRows * LD;                 // [64][LD], later the merge area
    floatX* Vs = Ks + kStepKeys * LD;              // [64][LD]

    const int qt = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
    if (b >= B || h >= H || qt * kQRows >= T) return;  // whole block
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int rh = warp & 1, kh = warp >> 1;  // query-row half, key half
    const int g = lane >> 2, t = lane & 3;
    const int q0 = qt * kQRows;
    const int r0 = q0 + 16 * rh;  // first query row of this warp
    const bool warp_active = r0 < T;
    const int hk = h / (H / KV);
    const long long row_stride = (long long)(H + 2 * KV) * D;
    const floatX* seq = qkv + (long long)b * T * row_stride;
    const floatX* kbase = seq + (long long)(H + hk) * D;
    const floatX* vbase = seq + (long long)(H + KV + hk) * D;
    const int chunks = max(qt + 1, ceil_div(prefix, kChunk));  // chunks 0..qt (causal) and those of the prefix
    const int nsteps = (chunks + 1) / 2;     // steps of 64 keys
    const int kv_end = kChunk * chunks;      // keys any warp of the block reads

    // stage keys [64s, min(64s + 64, kv_end)) of K or V; keys >= T zero-filled
    auto load_kv = [&](floatX* dst, const floatX* src, int s) {
        const int key0 = s * kStepKeys;
        stage_rows<D, LD>(dst, src, 0, key0, min(kStepKeys, kv_end - key0), T, row_stride);
    };

    // prologue: group 0 = Q tile + K tile 0, group 1 = V tile 0 (the Q tile by its own loop: through
    // stage_rows the compiler schedules this kernel's prologue differently, and its device code stays as measured)
    for (int idx = tid; idx < kQRows * CPR; idx += kThreads) {
        const int j = idx / CPR, c = idx - j * CPR;
        const int row = q0 + j;
        cp_async16(Qs + j * LD + c * 8, seq + (long long)min(row, T - 1) * row_stride + (long long)h * D + c * 8,
                   row < T ? 16 : 0);
    }
    load_kv(Ks, kbase, 0);
    cp_async_commit();
    load_kv(Vs, vbase, 0);
    cp_async_commit();

    float o[NT][4];
#pragma unroll
    for (int n = 0; n < NT; n++) o[n][0] = o[n][1] = o[n][2] = o[n][3] = 0.0f;
    float m_run[2] = {-INFINITY, -INFINITY};  // running max of rows g, g+8 (log2 units)
    float l_run[2] = {0.0f, 0.0f};            // running sum, this lane's keys only
    const float sl2 = scale * kLog2e;
    const float slope2 = alibi != nullptr ? alibi[h] * kLog2e : 0.0f;  // ALiBi slope in log2 units
    const int last_row = min(r0 + 15, T - 1);         // last causal key of any real row of this warp
    const int last_key = max(last_row, prefix - 1);     // last key any real row of this warp attends to
    const int first_vis = max(min(r0, T - 1), prefix - 1);  // last key every row of this warp attends to

    // per-lane ldmatrix offsets (elements)
    const int q_off = (16 * rh + (lane & 7) + ((lane >> 3) & 1) * 8) * LD + (lane >> 4) * 8;  // A from Q
    const int k_off = ((lane & 7) + (lane >> 4) * 8) * LD + ((lane >> 3) & 1) * 8;             // B from K
    const int v_off = ((lane & 7) + ((lane >> 3) & 1) * 8) * LD + (lane >> 4) * 8;             // B from V^T

    for (int s = 0; s < nsteps; s++) {
        cp_async_wait<1>();  // Q and K tile s have landed (V tile s may still be in flight)
        __syncthreads();

        const int chunk = 2 * s + kh;
        const int kc = chunk * kChunk;  // first key of this warp's chunk
        const bool active = warp_active && chunk < chunks;
        // 16-key halves of the chunk that hold a key <= last_key (1 or 2; every row has key kc)
        const int nh = (last_key - kc >= 16) ? 2 : 1;
        const floatX* Kw = Ks + kh * kChunk * LD;
        const floatX* Vw = Vs + kh * kChunk * LD;

        // ---- S = Q K^T: 16 rows x 32 keys, n-tile j = keys 8j..8j+7 ----
        float sacc[4][4];
#pragma unroll
        for (int j = 0; j < 4; j++) sacc[j][0] = sacc[j][1] = sacc[j][2] = sacc[j][3] = 0.0f;
        if (active) {
#pragma unroll
            for (int kk = 0; kk < KS; kk++) {
                uint32_t a[4];
                ldsm_x4(a, Qs + q_off + kk * 16);
#pragma unroll
                for (int jp = 0; jp < 2; jp++) {
                    if (jp < nh) {
                        uint32_t bk[4];
                        ldsm_x4(bk, Kw + k_off + jp * 16 * LD + kk * 16);
                        mma_16816<floatX>(sacc[2 * jp], a, bk[0], bk[1]);
                        mma_16816<floatX>(sacc[2 * jp + 1], a, bk[2], bk[3]);
                    }
                }
            }
        }
        __syncthreads();  // every warp is done with K tile s
        if (s + 1 < nsteps) {
            load_kv(Ks, kbase, s + 1);
            cp_async_commit();
        }

        // ---- online softmax (base 2), P rounded to floatX as the A fragments of P V ----
        uint32_t pa[2][4];
        if (active) {
            const bool need_mask = kc + kChunk - 1 > first_vis;  // chunk reaches past the prefix and the diagonal, or T
            float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
            for (int j = 0; j < 4; j++) {
#pragma unroll
                for (int e = 0; e < 4; e++) {
                    float v = sacc[j][e] * sl2;
                    const int key = kc + 8 * j + 2 * t + (e & 1);
                    const int row = r0 + g + 8 * (e >> 1);
                    if (alibi != nullptr) v = fmaf(slope2, (float)(key - row), v);
                    if (need_mask && ((key > row && key >= prefix) || key >= T)) v = -INFINITY;
                    sacc[j][e] = v;
                    mx[e >> 1] = fmaxf(mx[e >> 1], v);
                }
            }
            online_softmax(sacc, mx, m_run, l_run, o);
            p_fragments<floatX>(pa, sacc);
        }

        if (s + 1 < nsteps) cp_async_wait<1>();  // V tile s has landed (K tile s+1 may not)
        else cp_async_wait<0>();
        __syncthreads();

        // ---- O += P V: 16 rows x D, k = the chunk's keys ----
        if (active) {
#pragma unroll
            for (int kk = 0; kk < 2; kk++) {
                if (kk < nh) {
#pragma unroll
                    for (int np = 0; np < NT / 2; np++) {
                        uint32_t bv[4];
                        ldsm_x4_trans(bv, Vw + v_off + kk * 16 * LD + np * 16);
                        mma_16816<floatX>(o[2 * np], pa[kk], bv[0], bv[1]);
                        mma_16816<floatX>(o[2 * np + 1], pa[kk], bv[2], bv[3]);
                    }
                }
            }
        }
        __syncthreads();  // every warp is done with V tile s
        if (s + 1 < nsteps) {
            load_kv(Vs, vbase, s + 1);
            cp_async_commit();
        }
    }

    // ---- merge the two key halves of each row, normalize, store ----
#pragma unroll
    for (int i = 0; i < 2; i++) {
        l_run[i] += __shfl_xor_sync(0xffffffffu, l_run[i], 1);
        l_run[i] += __shfl_xor_sync(0xffffffffu, l_run[i], 2);
    }
    // merge area over the K tile: per row half, (NT*4 + 4) floats x 32 lanes, lane-minor
    float* mg = reinterpret_cast<float*>(Ks) + rh * (NT * 4 + 4) * 32;
    if (kh == 1) {
#pragma unroll
        for (int n = 0; n < NT; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) mg[(n * 4 + e) * 32 + lane] = o[n][e];
        mg[(NT * 4 + 0) * 32 + lane] = m_run[0];
        mg[(NT * 4 + 1) * 32 + lane] = m_run[1];
        mg[(NT * 4 + 2) * 32 + lane] = l_run[0];
        mg[(NT * 4 + 3) * 32 + lane] = l_run[1];
    }
    __syncthreads();
    if (kh == 0) {
        float f0[2], f1[2];  // weights of this warp's and the kh = 1 warp's partial outputs
#pragma unroll
        for (int i = 0; i < 2; i++) {
            const float m1 = mg[(NT * 4 + i) * 32 + lane], l1 = mg[(NT * 4 + 2 + i) * 32 + lane];
            const float m = fmaxf(m_run[i], m1);
            const float mu = m == -INFINITY ? 0.0f : m;
            const float a0 = exp2f(m_run[i] - mu), a1 = exp2f(m1 - mu);
            const float inv = 1.0f / (l_run[i] * a0 + l1 * a1);  // rows >= T may give inf/NaN: never stored
            f0[i] = a0 * inv;
            f1[i] = a1 * inv;
        }
        floatX* st = Qs + (16 * rh + g) * LD + 2 * t;  // staging tile over Q (free after the loop)
#pragma unroll
        for (int n = 0; n < NT; n++) {
            const float* m1o = mg + n * 4 * 32 + lane;
            const float v0 = o[n][0] * f0[0] + m1o[0] * f1[0];
            const float v1 = o[n][1] * f0[0] + m1o[32] * f1[0];
            const float v2 = o[n][2] * f0[1] + m1o[64] * f1[1];
            const float v3 = o[n][3] * f0[1] + m1o[96] * f1[1];
            const uint32_t w01 = pack2<floatX>(v0, v1), w23 = pack2<floatX>(v2, v3);
            memcpy(st + n * 8, &w01, 4);
            memcpy(st + 8 * LD + n * 8, &w23, 4);
        }
    }
    __syncthreads();
    store_rows<D, LD>(out + ((long long)b * T) * ((long long)H * D) + (long long)h * D, Qs, q0, kQRows, T, H);
}

// Encoder path. Launch grid (ceil(T / attn_enc::rows_per_block(D)), H, B), block 128 (exactly). floatX = __half or
// __nv_bfloat16; D % 16 == 0, D <= 128; qkv and out 16-byte aligned. smem: attn_enc::kSmemBytes. Bidirectional:
// every row of sequence b attends to keys 0 .. len-1, len = clamp(lengths[b], 1, T).
template <typename floatX, int D>
__device__ __forceinline__ void attention_encoder_tc(floatX* out, const floatX* qkv, const int* lengths, int B, int T,
                                                     int H, int KV, float scale, unsigned char* smem) {
    using namespace attn_enc;
    static_assert(D % 16 == 0 && D >= 16 && D <= kMaxD, "head dim");
    static_assert(sizeof(floatX) == 2, "16-bit storage types only");
    constexpr int MT = m_tiles(D);        // 16-row m-tiles per warp
    constexpr int QROWS = 64 * MT;        // query rows per block
    constexpr int LD = D + kPad;          // shared row stride (elements); LD/8 odd: ldmatrix conflict-free
    constexpr int NT = D / 8;             // 8-wide n-tiles of the output
    constexpr int KS = D / 16;            // k-steps of Q K^T
    constexpr bool kQInV = QROWS <= kKeys;  // the Q tile fits the V tile: it lands beside K tile 0
    static_assert(QROWS <= 2 * kKeys, "the Q tile is staged in the K and V tiles");
    constexpr float kLog2e = 1.4426950408889634f;

    floatX* Ks = reinterpret_cast<floatX*>(smem);  // [64][LD]; with Vs, the output staging tile at the end
    floatX* Vs = Ks + kKeys * LD;                  // [64][LD]
    floatX* Qst = kQInV ? Vs : Ks;                 // the Q tile on its way to registers

    const int qt = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
    if (b >= B || h >= H || qt * QROWS >= T) return;  // whole block
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int g = lane >> 2, t = lane & 3;
    const int q0 = qt * QROWS;
    const bool warp_active = q0 + 16 * MT * warp < T;  // rows 16 MT warp .. +16 MT - 1 of the block
    const int hk = h / (H / KV);
    const long long row_stride = (long long)(H + 2 * KV) * D;
    const floatX* seq = qkv + (long long)b * T * row_stride;
    const floatX* kbase = seq + (long long)(H + hk) * D;
    const floatX* vbase = seq + (long long)(H + KV + hk) * D;
    const int len = min(lengths[b] < 1 ? 1 : lengths[b], T);
    const int nsteps = (len + kKeys - 1) / kKeys;

    // stage the 16-key groups of step s that hold a key < len, of K or V; keys >= len zero-filled (their
    // scores are masked, and a zero V row times p = 0 adds nothing, where a stale one could be NaN)
    auto load_kv = [&](floatX* dst, const floatX* src, int s) {
        const int key0 = s * kKeys;
        stage_rows<D, LD>(dst, src, 0, key0, min(kKeys, (len - key0 + 15) / 16 * 16), len, row_stride);
    };

    // prologue: the Q tile (rows past T zero-filled), with K tile 0 when Q fits the V tile; Q to registers;
    // then K tile 0 (if not yet) and V tile 0
    stage_rows<D, LD>(Qst, seq, (long long)h * D, q0, QROWS, T, row_stride);
    if (kQInV) load_kv(Ks, kbase, 0);
    cp_async_commit();
    cp_async_wait<0>();
    __syncthreads();
    uint32_t qa[MT][KS][4];  // this warp's query rows as A fragments, all k-steps
#pragma unroll
    for (int mt = 0; mt < MT; mt++) {
        const int q_off = (16 * (MT * warp + mt) + (lane & 7) + ((lane >> 3) & 1) * 8) * LD + (lane >> 4) * 8;
#pragma unroll
        for (int kk = 0; kk < KS; kk++) ldsm_x4(qa[mt][kk], Qst + q_off + kk * 16);
    }
    __syncthreads();  // every warp has its Q: the tiles are free
    if (!kQInV) {
        load_kv(Ks, kbase, 0);
        cp_async_commit();
    }
    load_kv(Vs, vbase, 0);
    cp_async_commit();

    float o[MT][NT][4];
#pragma unroll
    for (int mt = 0; mt < MT; mt++)
#pragma unroll
        for (int n = 0; n < NT; n++) o[mt][n][0] = o[mt][n][1] = o[mt][n][2] = o[mt][n][3] = 0.0f;
    float m_run[MT][2], l_run[MT][2];  // running max (log2 units) and this lane's running sum of rows g, g+8
#pragma unroll
    for (int mt = 0; mt < MT; mt++) {
        m_run[mt][0] = m_run[mt][1] = -INFINITY;
        l_run[mt][0] = l_run[mt][1] = 0.0f;
    }
    const float sl2 = scale * kLog2e;

    // per-lane ldmatrix offsets (elements)
    const int k_off = ((lane & 7) + (lane >> 4) * 8) * LD + ((lane >> 3) & 1) * 8;  // B from K
    const int v_off = ((lane & 7) + ((lane >> 3) & 1) * 8) * LD + (lane >> 4) * 8;  // B from V^T

    for (int s = 0; s < nsteps; s++) {
        cp_async_wait<1>();  // K tile s has landed (V tile s may still be in flight)
        __syncthreads();

        const int k0 = s * kKeys;
        const int ng = min(4, (len - k0 + 15) / 16);  // 16-key groups of this step that hold a key < len (1..4)
        // ---- S = Q K^T: per m-tile 16 rows x 64 keys, n-tile j = keys 8j..8j+7; a K fragment serves every m-tile ----
        float sacc[MT][8][4];
#pragma unroll
        for (int mt = 0; mt < MT; mt++)
#pragma unroll
            for (int j = 0; j < 8; j++) sacc[mt][j][0] = sacc[mt][j][1] = sacc[mt][j][2] = sacc[mt][j][3] = 0.0f;
        if (warp_active) {
#pragma unroll
            for (int kk = 0; kk < KS; kk++) {
#pragma unroll
                for (int jp = 0; jp < 4; jp++) {
                    if (jp < ng) {
                        uint32_t bk[4];
                        ldsm_x4(bk, Ks + k_off + jp * 16 * LD + kk * 16);
#pragma unroll
                        for (int mt = 0; mt < MT; mt++) {
                            mma_16816<floatX>(sacc[mt][2 * jp], qa[mt][kk], bk[0], bk[1]);
                            mma_16816<floatX>(sacc[mt][2 * jp + 1], qa[mt][kk], bk[2], bk[3]);
                        }
                    }
                }
            }
        }
        __syncthreads();  // every warp is done with K tile s
        if (s + 1 < nsteps) {
            load_kv(Ks, kbase, s + 1);
            cp_async_commit();
        }

        // ---- online softmax (base 2), P rounded to floatX as the A fragments of P V ----
        uint32_t pa[MT][4][4];
        if (warp_active) {
            const bool need_mask = k0 + kKeys > len;  // the step reaches the sequence's end
#pragma unroll
            for (int mt = 0; mt < MT; mt++) {
                float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
                for (int j = 0; j < 8; j++) {
#pragma unroll
                    for (int e = 0; e < 4; e++) {
                        float v = sacc[mt][j][e] * sl2;
                        if (need_mask && k0 + 8 * j + 2 * t + (e & 1) >= len) v = -INFINITY;
                        sacc[mt][j][e] = v;
                        mx[e >> 1] = fmaxf(mx[e >> 1], v);
                    }
                }
                online_softmax(sacc[mt], mx, m_run[mt], l_run[mt], o[mt]);
                p_fragments<floatX>(pa[mt], sacc[mt]);
            }
        }

        if (s + 1 < nsteps) cp_async_wait<1>();  // V tile s has landed (K tile s+1 may not)
        else cp_async_wait<0>();
        __syncthreads();

        // ---- O += P V: per m-tile 16 rows x D, k = the step's keys; a V fragment serves every m-tile ----
        if (warp_active) {
#pragma unroll
            for (int kk = 0; kk < 4; kk++) {
                if (kk < ng) {
#pragma unroll
                    for (int np = 0; np < NT / 2; np++) {
                        uint32_t bv[4];
                        ldsm_x4_trans(bv, Vs + v_off + kk * 16 * LD + np * 16);
#pragma unroll
                        for (int mt = 0; mt < MT; mt++) {
                            mma_16816<floatX>(o[mt][2 * np], pa[mt][kk], bv[0], bv[1]);
                            mma_16816<floatX>(o[mt][2 * np + 1], pa[mt][kk], bv[2], bv[3]);
                        }
                    }
                }
            }
        }
        __syncthreads();  // every warp is done with V tile s (and, after the last step, with K)
        if (s + 1 < nsteps) {
            load_kv(Vs, vbase, s + 1);
            cp_async_commit();
        }
    }

    // ---- normalize, round to floatX into a staging tile over K and V, store the block's rows with 16-byte stores ----
    if (warp_active) {
#pragma unroll
        for (int mt = 0; mt < MT; mt++) {
            float inv[2];
#pragma unroll
            for (int i = 0; i < 2; i++) {
                float l = l_run[mt][i] + __shfl_xor_sync(0xffffffffu, l_run[mt][i], 1);
                l += __shfl_xor_sync(0xffffffffu, l, 2);
                inv[i] = 1.0f / l;
            }
            floatX* st = Ks + (16 * (MT * warp + mt) + g) * LD + 2 * t;
#pragma unroll
            for (int n = 0; n < NT; n++) {
                const uint32_t w01 = pack2<floatX>(o[mt][n][0] * inv[0], o[mt][n][1] * inv[0]);
                const uint32_t w23 = pack2<floatX>(o[mt][n][2] * inv[1], o[mt][n][3] * inv[1]);
                memcpy(st + n * 8, &w01, 4);
                memcpy(st + 8 * LD + n * 8, &w23, 4);
            }
        }
    }
    __syncthreads();
    store_rows<D, LD>(out + ((long long)b * T) * ((long long)H * D) + (long long)h * D, Ks, q0, QROWS, T, H);
}

// ----------------------------------------------------------------------------------------------
// Entry points. What the extern "C" functions call (they are generated from attention_context.kernels).

// Minimum resident blocks per SM the 16-bit kernels are compiled for (__launch_bounds__; caps the
// registers at 65536 / (128 * N)). 3: 167 registers at sm_90, no spills, 3 blocks (12 warps) per
// SM (without the cap ptxas takes 184 registers: only 2 blocks fit). One D = 128 instance alone
// compiles to ~150 registers; the eight D instances and the fallback in one kernel to ~168.
// 4 gives 128 registers and 4 blocks per SM but ~200 bytes of spills (the D = 128 instance alone
// fits 128 without spills; the fallback does not): the test harness can be built with
// -DATTN_TC_MIN_BLOCKS=4 to compare.
#ifndef ATTN_TC_MIN_BLOCKS
#define ATTN_TC_MIN_BLOCKS 3
#endif
// The encoder kernel keeps its warp's Q fragments in registers for the whole loop (D/4 more per lane than the
// causal kernel, which reloads them from shared memory every step) and holds 64 keys of scores: at 3 blocks per SM
// (170 registers) its D = 128 instance spills; 2 blocks (8 warps) per SM give it the registers.
#ifndef ATTN_ENC_MIN_BLOCKS
#define ATTN_ENC_MIN_BLOCKS 2
#endif
// attention_context: one launch shape for every path, grid (ceil(T/32), H, B), block 128.

// A head dim as a type, so one switch instantiates a template for each tensor-core head dim.
template <int N> struct HeadDim {
    static constexpr int value = N;
};

// Whether the tensor-core paths take these heads (D a multiple of 16 up to 128, 128 threads, 16-byte aligned
// pointers); if so calls body(HeadDim<D>{}) and returns true.
template <typename floatX, typename Body>
__device__ __forceinline__ bool with_tc_head_dim(int D, const floatX* qkv, const floatX* out, Body&& body) {
    if (!(D % 16 == 0 && D >= 16 && D <= attn_tc::kMaxD && blockDim.x == attn_tc::kThreads && is_aligned16(qkv) &&
          is_aligned16(out))) {
        return false;
    }
    switch (D) {
        case 16: body(HeadDim<16>{}); return true;
        case 32: body(HeadDim<32>{}); return true;
        case 48: body(HeadDim<48>{}); return true;
        case 64: body(HeadDim<64>{}); return true;
        case 80: body(HeadDim<80>{}); return true;
        case 96: body(HeadDim<96>{}); return true;
        case 112: body(HeadDim<112>{}); return true;
        case 128: body(HeadDim<128>{}); return true;
    }
    return false;
}

template <typename floatX>
__device__ __forceinline__ void attention_context_16bit(floatX* out, const floatX* qkv, int B, int T, int H, int KV,
                                                        int D, float scale, const float* alibi, int prefix) {
    constexpr int kBytes = attn_tc::kSmemBytes > attn::kSimtSmemBytes ? attn_tc::kSmemBytes : attn::kSimtSmemBytes;
    __shared__ __align__(16) unsigned char smem[kBytes];
    if (with_tc_head_dim(D, qkv, out, [&](auto d) {
            attention_context_tc<floatX, decltype(d)::value>(out, qkv, B, T, H, KV, scale, alibi, prefix, smem);
        })) {
        return;
    }
    float* Ks = reinterpret_cast<float*>(smem);  // fallback: the two tiles in the one buffer
    attention_context_simt(out, qkv, B, T, H, KV, D, scale, alibi, prefix, Ks, Ks + attn::kKTile * attn::kMaxD);
}

// An encoder's attention (BERT): bidirectional over each sequence's first lengths[b] tokens (padding rows attend to
// those too, as Hugging Face computes them), attention_encoder_tc. Grid (ceil(T / attn_enc::rows_per_block(D)), H, B),
// block 128. Tensor-core shapes only (f16/bf16, D % 16 == 0, D <= 128, 16-byte aligned): the launcher checks;
// otherwise it writes nothing.
template <typename floatX>
__device__ __forceinline__ void attention_encoder_16bit(floatX* out, const floatX* qkv, const int* lengths, int B, int T,
                                                        int H, int KV, int D, float scale) {
    __shared__ __align__(16) unsigned char smem[attn_enc::kSmemBytes];
    with_tc_head_dim(D, qkv, out, [&](auto d) {
        attention_encoder_tc<floatX, decltype(d)::value>(out, qkv, lengths, B, T, H, KV, scale, smem);
    });
}

// f32: always the CUDA-core path, its K and V tiles as two separate __shared__ arrays (see
// attention_context_simt).
__device__ __forceinline__ void attention_context_32bit(float* out, const float* qkv, int B, int T, int H, int KV, int D,
                                                        float scale, const float* alibi, int prefix) {
    __shared__ __align__(16) float Ks[attn::kKTile * attn::kMaxD];
    __shared__ __align__(16) float Vs[attn::kKTile * attn::kMaxD];
    attention_context_simt(out, qkv, B, T, H, KV, D, scale, alibi, prefix, Ks, Vs);
}
