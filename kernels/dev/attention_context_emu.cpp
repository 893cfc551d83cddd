/*
CPU emulator of the tensor-core attention kernels of ../src/main/cuda/attention_context.cuh (the causal
attention_context_tc and the encoder's bidirectional attention_encoder_tc), for checking index math,
fragment layouts, masking and the cp.async pipeline on a machine without a GPU. Not a performance tool.

How: the tensor-core code is cut out of the .cuh (attention_context_emu.sh does it) and compiled by
g++ with host stand-ins for the PTX wrappers. A block runs as 128 std::threads; warp collectives
(ldmatrix .x4 / .x4.trans, mma.m16n8k16 with fp64 accumulation, shfl.xor) exchange operands
through per-warp barriers, following the PTX ISA fragment layouts; __syncthreads is a block
barrier. Shared memory starts as 0xFF bytes (NaN), so a read of a never-written element shows.
cp.async runs in two modes: eager (copy at issue: exposes a tile overwritten while still in use)
and deferred (copy at the cp.async.wait_group that retires it: exposes a read before the wait).
Every access is checked to lie inside the block's shared buffer with the required alignment.

Build and run: bash attention_context_emu.sh [seed]   (about a minute; exit 1 on any failure)
*/
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <vector_types.h>
#include <barrier>
#include <thread>
#include <vector>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <atomic>
#include <algorithm>
#include <random>
#undef __device__
#undef __forceinline__
#define __device__
#define __forceinline__ inline
static inline int min(int a, int b) { return a < b ? a : b; }
static inline int max(int a, int b) { return a > b ? a : b; }
static inline int ceil_div(int a, int b) { return (a + b - 1) / b; }

struct D3 { unsigned x = 0, y = 0, z = 0; };
thread_local D3 threadIdx, blockIdx;

static bool g_deferred = false;
struct Block {
    std::barrier<>* bar;
    std::barrier<>* wbar[4];
    uint64_t slot[4][32][12];
    unsigned char* smem; size_t smem_bytes;
};
thread_local Block* ctx;
thread_local int g_lane, g_warp;
struct Pending { void* dst; const void* src; int bytes; int group; };
thread_local std::vector<Pending> pending;
thread_local int committed = 0;
static std::atomic<int> g_errors{0};

static void check_smem(const void* p, int len, int align, const char* what) {
    const unsigned char* c = (const unsigned char*)p;
    if (c < ctx->smem || c + len > ctx->smem + ctx->smem_bytes || ((uintptr_t)(c - ctx->smem) % align)) {
        if (g_errors++ < 10) fprintf(stderr, "bad smem access %s offset %ld\n", what, (long)(c - ctx->smem));
    }
}

void __syncthreads() { ctx->bar->arrive_and_wait(); }
static void wsync() { ctx->wbar[g_warp]->arrive_and_wait(); }

float __shfl_xor_sync(unsigned, float v, int m) {
    uint32_t bits; memcpy(&bits, &v, 4);
    ctx->slot[g_warp][g_lane][0] = bits; wsync();
    uint32_t o = (uint32_t)ctx->slot[g_warp][g_lane ^ m][0]; wsync();
    float r; memcpy(&r, &o, 4); return r;
}

void cp_async16(void* dst, const void* src, int src_bytes) {
    check_smem(dst, 16, 16, "cp.async dst");
    if ((uintptr_t)src % 16) { if (g_errors++ < 10) fprintf(stderr, "unaligned cp.async src\n"); }
    if (!g_deferred) {
        memset(dst, 0, 16); if (src_bytes) memcpy(dst, src, src_bytes);
    } else pending.push_back({dst, src, src_bytes, committed});
}
void cp_async_commit() { committed++; }
template <int N> void cp_async_wait() {
    // complete every committed group except the newest N
    std::vector<Pending> keep;
    for (auto& p : pending) {
        if (p.group < committed - N) { memset(p.dst, 0, 16); if (p.bytes) memcpy(p.dst, p.src, p.bytes); }
        else keep.push_back(p);
    }
    pending.swap(keep);
}

void ldsm_x4(uint32_t (&r)[4], const void* p) {
    check_smem(p, 16, 16, "ldmatrix");
    ctx->slot[g_warp][g_lane][0] = (uint64_t)p; wsync();
    for (int i = 0; i < 4; i++) {
        const unsigned char* row = (const unsigned char*)ctx->slot[g_warp][8 * i + (g_lane >> 2)][0];
        memcpy(&r[i], row + 4 * (g_lane & 3), 4);
    }
    wsync();
}
void ldsm_x4_trans(uint32_t (&r)[4], const void* p) {
    check_smem(p, 16, 16, "ldmatrix.trans");
    ctx->slot[g_warp][g_lane][0] = (uint64_t)p; wsync();
    for (int i = 0; i < 4; i++) {
        uint16_t lo, hi;
        const unsigned char* r0 = (const unsigned char*)ctx->slot[g_warp][8 * i + 2 * (g_lane & 3)][0];
        const unsigned char* r1 = (const unsigned char*)ctx->slot[g_warp][8 * i + 2 * (g_lane & 3) + 1][0];
        memcpy(&lo, r0 + 2 * (g_lane >> 2), 2);
        memcpy(&hi, r1 + 2 * (g_lane >> 2), 2);
        r[i] = lo | ((uint32_t)hi << 16);
    }
    wsync();
}

template <typename T> float bits_to_float(uint16_t b);
template <> float bits_to_float<__half>(uint16_t b) { __half_raw r; r.x = b; return __half2float(__half(r)); }
template <> float bits_to_float<__nv_bfloat16>(uint16_t b) { uint32_t u = (uint32_t)b << 16; float f; memcpy(&f, &u, 4); return f; }

template <typename T> void mma_16816(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
    uint64_t* s = ctx->slot[g_warp][g_lane];
    for (int i = 0; i < 4; i++) s[i] = a[i];
    s[4] = b0; s[5] = b1; wsync();
    auto A = [&](int row, int k) {
        const int lane = (row % 8) * 4 + (k % 8) / 2, reg = (row >= 8 ? 1 : 0) + (k >= 8 ? 2 : 0);
        uint32_t w = (uint32_t)ctx->slot[g_warp][lane][reg];
        return bits_to_float<T>((k & 1) ? (w >> 16) : (w & 0xffff));
    };
    auto B = [&](int k, int n) {
        const int lane = n * 4 + (k % 8) / 2, reg = 4 + (k >= 8 ? 1 : 0);
        uint32_t w = (uint32_t)ctx->slot[g_warp][lane][reg];
        return bits_to_float<T>((k & 1) ? (w >> 16) : (w & 0xffff));
    };
    const int g = g_lane >> 2, t = g_lane & 3;
    for (int e = 0; e < 4; e++) {
        const int row = g + 8 * (e >> 1), col = 2 * t + (e & 1);
        double acc = 0;
        for (int k = 0; k < 16; k++) acc += (double)A(row, k) * (double)B(k, col);
        c[e] = (float)(c[e] + acc);
    }
    wsync();
}

template <typename T> uint32_t pack2(float lo, float hi);
template <> uint32_t pack2<__half>(float lo, float hi) {
    __half_raw a = __half(__float2half_rn(lo)), b = __half(__float2half_rn(hi));
    return a.x | ((uint32_t)b.x << 16);
}
template <> uint32_t pack2<__nv_bfloat16>(float lo, float hi) {
    __nv_bfloat16_raw a = __float2bfloat16_rn(lo), b = __float2bfloat16_rn(hi);
    return a.x | ((uint32_t)b.x << 16);
}

#include ATTN_TC_EXTRACT  // the tensor-core code cut out of attention_context.cuh

template <typename T, int D>
void run_kernel(T* out, const T* qkv, int B, int Tn, int H, int KV, float scale, const int* lengths, int prefix) {
    // causal: attention_context_tc, a block per 32 query rows; with lengths: attention_encoder_tc, per 64 or 128
    const int rows = lengths ? attn_enc::rows_per_block(D) : attn_tc::kQRows;
    const size_t smem_bytes = lengths ? attn_enc::kSmemBytes : attn_tc::kSmemBytes;
    for (int bz = 0; bz < B; bz++) for (int by = 0; by < H; by++) for (int bx = 0; bx < (Tn + rows - 1) / rows; bx++) {
        Block blk;
        std::barrier<> bar(128);
        std::barrier<> w0(32), w1(32), w2(32), w3(32);
        blk.bar = &bar; blk.wbar[0] = &w0; blk.wbar[1] = &w1; blk.wbar[2] = &w2; blk.wbar[3] = &w3;
        std::vector<unsigned char> smem(smem_bytes + 64, 0xFF);
        blk.smem = smem.data(); blk.smem_bytes = smem_bytes;
        std::vector<std::thread> th;
        for (int tid = 0; tid < 128; tid++) th.emplace_back([&, tid] {
            threadIdx.x = tid; blockIdx.x = bx; blockIdx.y = by; blockIdx.z = bz;
            ctx = &blk; g_lane = tid & 31; g_warp = tid >> 5; pending.clear(); committed = 0;
            if (lengths) attention_encoder_tc<T, D>(out, qkv, lengths, B, Tn, H, KV, scale, smem.data());
            else attention_context_tc<T, D>(out, qkv, B, Tn, H, KV, scale, nullptr, prefix, smem.data());
            if (!pending.empty()) { if (g_errors++ < 10) fprintf(stderr, "cp.async never waited\n"); }
        });
        for (auto& x : th) x.join();
    }
}

template <typename T> T f2t(float x);
template <> __half f2t<__half>(float x) { return __float2half_rn(x); }
template <> __nv_bfloat16 f2t<__nv_bfloat16>(float x) { return __float2bfloat16_rn(x); }
static float t2f(__half x) { return __half2float(x); }
static float t2f(__nv_bfloat16 x) { return __bfloat162float(x); }

// lengths: null for causal attention; else the bidirectional (encoder) variant over each sequence's first lengths[b]
// keys, every row (padding rows too) attending to them. prefix: the causal kernel's keys seen by every row (ChatGLM).
template <typename T, int D>
bool test(int B, int Tn, int H, int KV, unsigned seed, const char* name, const int* lengths = nullptr, int prefix = 0) {
    const long long rs = (long long)(H + 2 * KV) * D;
    std::vector<T> qkv((size_t)B * Tn * rs), out((size_t)B * Tn * H * D + 64);
    std::mt19937 rng(seed); std::uniform_real_distribution<float> U(-2, 2);
    for (auto& x : qkv) x = f2t<T>(U(rng));
    for (auto& x : out) x = f2t<T>(NAN);
    const float scale = 1.0f / std::sqrt((float)D);
    run_kernel<T, D>(out.data(), qkv.data(), B, Tn, H, KV, scale, lengths, prefix);
    double num = 0, den = 0; long long nan = 0;
    for (int b = 0; b < B; b++) for (int t = 0; t < Tn; t++) for (int h = 0; h < H; h++) {
        const int hk = h / (H / KV);
        const T* seq = qkv.data() + (long long)b * Tn * rs;
        const int keys = lengths ? std::max(1, std::min(lengths[b], Tn)) : std::max(t + 1, prefix);  // lengths clamp to 1..T
        std::vector<double> w(keys), ref(D, 0.0); double mx = -INFINITY, l = 0;
        for (int j = 0; j < keys; j++) { double d = 0; for (int c = 0; c < D; c++) d += (double)t2f(seq[t * rs + h * D + c]) * t2f(seq[j * rs + (H + hk) * D + c]); w[j] = d * scale; mx = std::max(mx, w[j]); }
        for (int j = 0; j < keys; j++) { w[j] = std::exp(w[j] - mx); l += w[j]; }
        for (int j = 0; j < keys; j++) for (int c = 0; c < D; c++) ref[c] += w[j] * t2f(seq[j * rs + (H + KV + hk) * D + c]) / l;
        const T* o = out.data() + ((long long)b * Tn + t) * H * D + h * D;
        for (int c = 0; c < D; c++) { double g = t2f(o[c]); if (!std::isfinite(g)) nan++; num += (g - ref[c]) * (g - ref[c]); den += ref[c] * ref[c]; }
    }
    long long guard_bad = 0;
    for (int i = 0; i < 64; i++) if (!std::isnan(t2f(out[(size_t)B * Tn * H * D + i]))) guard_bad++;
    const double rel = std::sqrt(num / den);
    const bool ok = nan == 0 && guard_bad == 0 && rel <= 1e-2 && g_errors == 0;
    printf("%-5s %s %s prefix=%d B=%d T=%d H=%d KV=%d D=%d: rel %.3e nan %lld guard %lld errs %d %s\n", name, g_deferred ? "deferred" : "eager   ",
           lengths ? "bidir " : "causal", prefix, B, Tn, H, KV, D, rel, nan, guard_bad, (int)g_errors, ok ? "ok" : "FAIL");
    return ok;
}

int main(int argc, char** argv) {
    unsigned seed = argc > 1 ? atoi(argv[1]) : 1;
    int fails = 0;
    for (int mode = 0; mode < 2; mode++) {
        g_deferred = mode == 1;
        fails += !test<__half, 16>(3, 37, 6, 2, seed, "f16");
        fails += !test<__nv_bfloat16, 16>(3, 37, 6, 2, seed, "bf16");
        fails += !test<__half, 64>(2, 130, 4, 4, seed, "f16");
        fails += !test<__nv_bfloat16, 64>(1, 130, 2, 1, seed, "bf16");
        fails += !test<__half, 128>(1, 60, 2, 2, seed, "f16");
        fails += !test<__nv_bfloat16, 128>(1, 97, 2, 1, seed, "bf16");
        fails += !test<__half, 80>(1, 70, 2, 2, seed, "f16");
        fails += !test<__nv_bfloat16, 96>(1, 33, 3, 1, seed, "bf16");
        fails += !test<__half, 48>(1, 200, 1, 1, seed, "f16");
        fails += !test<__half, 112>(1, 1, 1, 1, seed, "f16");
        fails += !test<__half, 32>(2, 64, 1, 1, seed, "f16");
        fails += !test<__half, 64>(1, 49, 2, 1, seed, "f16");
        fails += !test<__nv_bfloat16, 64>(1, 17, 2, 2, seed, "bf16");
        fails += !test<__nv_bfloat16, 128>(1, 300, 1, 1, seed, "bf16");
        // bidirectional: full and padded sequences, lengths off the 32-key chunks, a sequence of one token, GQA
        const int full[3] = {37, 37, 37}, ragged[3] = {37, 5, 1}, long1[2] = {130, 97}, odd[1] = {300};
        const int steps[2] = {128, 65}, zero[2] = {0, 64};  // whole 64-key steps; a length of 0 counts as 1
        fails += !test<__half, 16>(3, 37, 6, 2, seed, "f16", full);
        fails += !test<__nv_bfloat16, 16>(3, 37, 6, 2, seed, "bf16", ragged);
        fails += !test<__half, 64>(2, 130, 4, 4, seed, "f16", long1);
        fails += !test<__nv_bfloat16, 128>(1, 300, 2, 1, seed, "bf16", odd);
        fails += !test<__half, 96>(3, 37, 3, 1, seed, "f16", ragged);
        fails += !test<__half, 64>(2, 128, 2, 2, seed, "f16", steps);
        fails += !test<__nv_bfloat16, 32>(2, 70, 2, 1, seed, "bf16", zero);
        const int wide[2] = {300, 129};  // several 128-row blocks, a last block of one row
        fails += !test<__half, 64>(2, 257, 2, 1, seed, "f16", wide);
        fails += !test<__half, 80>(2, 257, 1, 1, seed, "f16", wide);
        // causal with a prefix seen by every row (ChatGLM's context: T - 1), inside a chunk, past the diagonal tiles
        fails += !test<__half, 16>(3, 37, 6, 2, seed, "f16", nullptr, 36);
        fails += !test<__nv_bfloat16, 128>(1, 130, 2, 1, seed, "bf16", nullptr, 129);
        fails += !test<__half, 64>(1, 200, 2, 2, seed, "f16", nullptr, 50);
        fails += !test<__half, 64>(2, 97, 1, 1, seed, "f16", nullptr, 97);
        fails += !test<__nv_bfloat16, 32>(1, 70, 1, 1, seed, "bf16", nullptr, 1);
        fails += !test<__half, 128>(1, 300, 1, 1, seed, "f16", nullptr, 299);
    }
    printf("%d failed\n", fails);
    return fails != 0;
}
