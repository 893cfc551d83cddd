/*
Test and timing harness for the context-phase causal attention (src/main/cuda/attention_context.cuh).

Build (from kernels/dev, after `mvn -pl kernels generate-resources` has generated the entry points):
  nvcc -O3 -std=c++17 --expt-relaxed-constexpr -arch=sm_90 -I ../src/main/cuda -I ../target/generated/cuda/llmbench \
    -o /tmp/attn_test attention_context_test.cu
  (add -DATTN_TC_MIN_BLOCKS=4 to try the 4-blocks-per-SM register cap of the 16-bit kernels)
Run:
  /tmp/attn_test [--seed N] [--shape I] [--dtype f32|f16|bf16] [--no-simt] [--simt-only] [--reps N]

What it does, for every shape below (the last one, D = 40, covers the CUDA-core fallback of the
16-bit entries) and every variant:
  f32        attention_context_f32  (the production entry: CUDA cores)
  f16, bf16  attention_context_f16 / _bf16 (the production entries: tensor cores when D % 16 == 0)
  f16-simt, bf16-simt  harness-only kernels that call the CUDA-core path at 16 bits, for comparison
             (--no-simt skips them, --simt-only runs only them: "force the CUDA-core path")
  1. qkv filled with uniform(-2, 2) values from a fresh seed (printed; --seed N repeats a run),
     rounded to the storage type; the CPU reference (fp64) reads the same rounded values.
  2. out (plus a guard zone behind it) poisoned with 0xFF bytes (NaN in every dtype), one launch
     with the Java launch shape grid (ceil(T/32), H, B), block 128.
  3. Checks: no NaN/Inf anywhere in out (an unwritten row stays NaN), guard zone untouched,
     relative error ||out - ref|| / ||ref|| over the checked rows <= 1e-2 (f16, bf16) or 1e-5 (f32).
     Small shapes check every (b, t, h) row; big ones a random subset plus the rows at tile edges.
  4. Timing: 3 warm-up launches, then 20 launches timed one by one with cudaEvents; median ms,
     TFLOP/s (causal attention FLOPs 4*B*H*T^2*D/2) and GB/s (qkv read once + out written once:
     the DRAM floor of this op).
  5. The output of the last timed launch must equal the checked one bit for bit (catches races).
Exit status: 0 when every check passed, 1 otherwise.
*/
#include "../src/main/cuda/llmbench.cu"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#define CUDA_CHECK(call)                                                                              \
    do {                                                                                              \
        cudaError_t err_ = (call);                                                                    \
        if (err_ != cudaSuccess) {                                                                    \
            fprintf(stderr, "CUDA error %s at %s:%d: %s\n", cudaGetErrorName(err_), __FILE__, __LINE__, \
                    cudaGetErrorString(err_));                                                        \
            exit(2);                                                                                  \
        }                                                                                             \
    } while (0)

// ----------------------------------------------------------------------------------------------
// harness-only kernels: the CUDA-core path at 16 bits (the production entries dispatch to tensor cores)

extern "C" __global__ void __launch_bounds__(128)
test_attention_context_simt_f16(__half* out, const __half* qkv, int B, int T, int H, int KV, int D, float scale,
                                const float* alibi, int prefix) {
    __shared__ __align__(16) float Ks[attn::kKTile * attn::kMaxD];
    __shared__ __align__(16) float Vs[attn::kKTile * attn::kMaxD];
    attention_context_simt(out, qkv, B, T, H, KV, D, scale, alibi, prefix, Ks, Vs);
}
extern "C" __global__ void __launch_bounds__(128)
test_attention_context_simt_bf16(__nv_bfloat16* out, const __nv_bfloat16* qkv, int B, int T, int H, int KV, int D,
                                 float scale, const float* alibi, int prefix) {
    __shared__ __align__(16) float Ks[attn::kKTile * attn::kMaxD];
    __shared__ __align__(16) float Vs[attn::kKTile * attn::kMaxD];
    attention_context_simt(out, qkv, B, T, H, KV, D, scale, alibi, prefix, Ks, Vs);
}

// ----------------------------------------------------------------------------------------------
// host helpers

template <typename T> T host_from_float(float x);
template <> float host_from_float<float>(float x) { return x; }
template <> __half host_from_float<__half>(float x) { return __float2half_rn(x); }
template <> __nv_bfloat16 host_from_float<__nv_bfloat16>(float x) { return __float2bfloat16_rn(x); }
static float host_to_float(float x) { return x; }
static float host_to_float(__half x) { return __half2float(x); }
static float host_to_float(__nv_bfloat16 x) { return __bfloat162float(x); }

struct Shape {
    int B, T, H, KV, D;
};
static const Shape kShapes[] = {
    {3, 37, 6, 2, 16},       // odd T, GQA 3:1, D = 16 (the Java tests' shape)
    {2, 130, 4, 4, 64},      // T just past a 64/32 boundary
    {64, 128, 16, 16, 64},   // gpt_350m context phase, batch 64
    {64, 128, 32, 32, 128},  // llama_7b context phase, batch 64
    {1, 60, 32, 32, 128},    // one short prompt
    {8, 128, 64, 8, 128},    // GQA 8:1 (70B-like heads)
    {2, 45, 4, 2, 40},       // D % 16 != 0: the 16-bit entries fall back to the CUDA-core path
};
constexpr int kGuard = 4096;      // poisoned elements behind out
constexpr int kFullCheckRows = 20000;  // (b, t, h) rows: check all of them up to this many
constexpr int kSubsetRows = 3000;

struct Options {
    unsigned long long seed = 0;
    bool seed_given = false;
    int shape = -1;
    std::string dtype;  // empty = all
    bool simt = true, simt_only = false;
    int reps = 20;
};

static unsigned long long splitmix64(unsigned long long& s) {
    unsigned long long z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// qkv values uniform in [-2, 2), never exactly zero in bulk
static void fill_random(std::vector<float>& v, unsigned long long seed) {
    unsigned long long s = seed;
    for (auto& x : v) x = (float)((splitmix64(s) >> 40) * (1.0 / (1ull << 24)) * 4.0 - 2.0);
}

// fp64 reference of one (b, t, h) row from the rounded inputs q (as floats): ref[D]
static void reference_row(const std::vector<float>& q, const Shape& s, float scale, int b, int t, int h,
                          std::vector<double>& ref) {
    const long long rs = (long long)(s.H + 2 * s.KV) * s.D;
    const int hk = h / (s.H / s.KV);
    const float* seq = q.data() + (long long)b * s.T * rs;
    const float* qr = seq + (long long)t * rs + (long long)h * s.D;
    std::vector<double> w(t + 1);
    double mx = -INFINITY;
    for (int j = 0; j <= t; j++) {
        const float* kr = seq + (long long)j * rs + (long long)(s.H + hk) * s.D;
        double d = 0.0;
        for (int c = 0; c < s.D; c++) d += (double)qr[c] * (double)kr[c];
        w[j] = d * (double)scale;
        mx = std::max(mx, w[j]);
    }
    double l = 0.0;
    for (int j = 0; j <= t; j++) {
        w[j] = std::exp(w[j] - mx);
        l += w[j];
    }
    ref.assign(s.D, 0.0);
    for (int j = 0; j <= t; j++) {
        const float* vr = seq + (long long)j * rs + (long long)(s.H + s.KV + hk) * s.D;
        for (int c = 0; c < s.D; c++) ref[c] += w[j] * (double)vr[c];
    }
    for (int c = 0; c < s.D; c++) ref[c] /= l;
}

template <typename T>
using KernelFn = void (*)(T*, const T*, int, int, int, int, int, float, const float*, int);

struct Result {
    bool pass = true;
    double rel = 0.0, max_abs = 0.0, ms = 0.0;
    long long rows_checked = 0;
};

template <typename T>
static Result run_variant(const char* name, KernelFn<T> kernel, const Shape& s, const std::vector<float>& host_f32,
                          unsigned long long row_seed, const Options& opt, double tol) {
    Result res;
    const long long n_qkv = (long long)s.B * s.T * (s.H + 2 * s.KV) * s.D;
    const long long n_out = (long long)s.B * s.T * s.H * s.D;
    const float scale = 1.0f / std::sqrt((float)s.D);

    // inputs rounded to T; the reference sees exactly these values
    std::vector<T> h_qkv(n_qkv);
    std::vector<float> rounded(n_qkv);
    for (long long i = 0; i < n_qkv; i++) {
        h_qkv[i] = host_from_float<T>(host_f32[i]);
        rounded[i] = host_to_float(h_qkv[i]);
    }
    T *d_qkv = nullptr, *d_out = nullptr;
    CUDA_CHECK(cudaMalloc(&d_qkv, n_qkv * sizeof(T)));
    CUDA_CHECK(cudaMalloc(&d_out, (n_out + kGuard) * sizeof(T)));
    CUDA_CHECK(cudaMemcpy(d_qkv, h_qkv.data(), n_qkv * sizeof(T), cudaMemcpyHostToDevice));
    CUDA_CHECK(cudaMemset(d_out, 0xFF, (n_out + kGuard) * sizeof(T)));

    const dim3 grid((s.T + 31) / 32, s.H, s.B), block(128);  // as dev.llmbench.cuda.Kernels.attentionContext
    kernel<<<grid, block>>>(d_out, d_qkv, s.B, s.T, s.H, s.KV, s.D, scale, nullptr, 0);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());

    std::vector<T> h_out(n_out + kGuard);
    CUDA_CHECK(cudaMemcpy(h_out.data(), d_out, (n_out + kGuard) * sizeof(T), cudaMemcpyDeviceToHost));

    // 1. every element written and finite
    long long bad = -1, n_bad = 0;
    for (long long i = 0; i < n_out; i++) {
        if (!std::isfinite(host_to_float(h_out[i]))) {
            if (bad < 0) bad = i;
            n_bad++;
        }
    }
    if (n_bad) {
        const long long row = bad / ((long long)s.H * s.D), col = bad % ((long long)s.H * s.D);
        printf("  FAIL %s: %lld non-finite outputs (unwritten?), first at token row %lld (b=%lld t=%lld) head %lld dim %lld\n",
               name, n_bad, row, row / s.T, row % s.T, col / s.D, col % s.D);
        res.pass = false;
    }
    // 2. guard zone untouched
    {
        const unsigned char* g = reinterpret_cast<const unsigned char*>(h_out.data() + n_out);
        for (size_t i = 0; i < kGuard * sizeof(T); i++) {
            if (g[i] != 0xFF) {
                printf("  FAIL %s: write past the end of out (guard byte %zu)\n", name, i);
                res.pass = false;
                break;
            }
        }
    }
    // 3. relative error against fp64 on (a subset of) rows
    {
        struct Row { int b, t, h; };
        std::vector<Row> rows;
        const long long all = (long long)s.B * s.T * s.H;
        if (all <= kFullCheckRows) {
            for (int b = 0; b < s.B; b++)
                for (int t = 0; t < s.T; t++)
                    for (int h = 0; h < s.H; h++) rows.push_back({b, t, h});
        } else {
            unsigned long long rs = row_seed;
            for (int i = 0; i < kSubsetRows; i++)
                rows.push_back({(int)(splitmix64(rs) % s.B), (int)(splitmix64(rs) % s.T), (int)(splitmix64(rs) % s.H)});
            const int edges[] = {0, 1, 15, 16, 31, 32, 33, 47, 48, 63, 64, 95, 96, 127, 128, s.T - 2, s.T - 1};
            for (int t : edges)
                if (t >= 0 && t < s.T)
                    for (int k = 0; k < 4; k++)
                        rows.push_back({(int)(splitmix64(rs) % s.B), t, (int)(splitmix64(rs) % s.H)});
        }
        double num = 0.0, den = 0.0, worst_row_rel = 0.0;
        Row worst{0, 0, 0};
        std::vector<double> ref;
        for (const Row& r : rows) {
            reference_row(rounded, s, scale, r.b, r.t, r.h, ref);
            const T* o = h_out.data() + ((long long)r.b * s.T + r.t) * ((long long)s.H * s.D) + (long long)r.h * s.D;
            double rn = 0.0, rd = 0.0;
            for (int c = 0; c < s.D; c++) {
                const double got = host_to_float(o[c]);
                const double e = got - ref[c];
                rn += e * e;
                rd += ref[c] * ref[c];
                res.max_abs = std::max(res.max_abs, std::fabs(e));
            }
            num += rn;
            den += rd;
            const double row_rel = std::sqrt(rn / std::max(rd, 1e-300));
            if (!(row_rel <= worst_row_rel)) {  // also catches NaN
                worst_row_rel = row_rel;
                worst = r;
            }
        }
        res.rows_checked = (long long)rows.size();
        res.rel = std::sqrt(num / std::max(den, 1e-300));
        if (!(res.rel <= tol)) {
            printf("  FAIL %s: rel err %.3e > %.1e (max abs %.3e; worst row b=%d t=%d h=%d rel %.3e)\n", name, res.rel,
                   tol, res.max_abs, worst.b, worst.t, worst.h, worst_row_rel);
            res.pass = false;
        }
    }

    // 4. timing
    {
        for (int i = 0; i < 3; i++) kernel<<<grid, block>>>(d_out, d_qkv, s.B, s.T, s.H, s.KV, s.D, scale, nullptr, 0);
        CUDA_CHECK(cudaGetLastError());
        std::vector<cudaEvent_t> ev(2 * opt.reps);
        for (auto& e : ev) CUDA_CHECK(cudaEventCreate(&e));
        for (int i = 0; i < opt.reps; i++) {
            CUDA_CHECK(cudaEventRecord(ev[2 * i]));
            kernel<<<grid, block>>>(d_out, d_qkv, s.B, s.T, s.H, s.KV, s.D, scale, nullptr, 0);
            CUDA_CHECK(cudaEventRecord(ev[2 * i + 1]));
        }
        CUDA_CHECK(cudaGetLastError());
        CUDA_CHECK(cudaDeviceSynchronize());
        std::vector<float> ms(opt.reps);
        for (int i = 0; i < opt.reps; i++) CUDA_CHECK(cudaEventElapsedTime(&ms[i], ev[2 * i], ev[2 * i + 1]));
        for (auto& e : ev) CUDA_CHECK(cudaEventDestroy(e));
        std::sort(ms.begin(), ms.end());
        res.ms = ms[opt.reps / 2];
    }

    // 5. determinism: the last timed launch wrote the same bits
    {
        std::vector<T> again(n_out);
        CUDA_CHECK(cudaMemcpy(again.data(), d_out, n_out * sizeof(T), cudaMemcpyDeviceToHost));
        if (memcmp(again.data(), h_out.data(), n_out * sizeof(T)) != 0) {
            long long i = 0;
            while (memcmp(&again[i], &h_out[i], sizeof(T)) == 0) i++;
            printf("  FAIL %s: output of a repeated launch differs (first at element %lld)\n", name, i);
            res.pass = false;
        }
    }

    CUDA_CHECK(cudaFree(d_qkv));
    CUDA_CHECK(cudaFree(d_out));

    const double flops = 4.0 * s.B * s.H * (double)s.T * s.T * s.D / 2.0;
    const double bytes = (double)(n_qkv + n_out) * sizeof(T);
    printf("  %-10s %s  rel %.2e  maxabs %.2e  rows %6lld  | %8.4f ms  %7.2f TFLOP/s  %7.1f GB/s\n", name,
           res.pass ? "ok  " : "FAIL", res.rel, res.max_abs, res.rows_checked, res.ms, flops / (res.ms * 1e-3) / 1e12,
           bytes / (res.ms * 1e-3) / 1e9);
    return res;
}

static void usage() {
    printf("usage: attn_test [--seed N] [--shape I] [--dtype f32|f16|bf16] [--no-simt] [--simt-only] [--reps N]\n");
}

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto next = [&]() -> const char* {
            if (i + 1 >= argc) {
                usage();
                exit(2);
            }
            return argv[++i];
        };
        if (a == "--seed") {
            opt.seed = strtoull(next(), nullptr, 0);
            opt.seed_given = true;
        } else if (a == "--shape") {
            opt.shape = atoi(next());
        } else if (a == "--dtype") {
            opt.dtype = next();
        } else if (a == "--no-simt") {
            opt.simt = false;
        } else if (a == "--simt-only") {
            opt.simt_only = true;
        } else if (a == "--reps") {
            opt.reps = std::max(1, atoi(next()));
        } else {
            usage();
            return 2;
        }
    }
    if (!opt.seed_given) {
        std::random_device rd;
        opt.seed = ((unsigned long long)rd() << 32) ^ rd() ^
                   (unsigned long long)std::chrono::high_resolution_clock::now().time_since_epoch().count();
    }
    cudaDeviceProp prop;
    CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
    printf("device %s (sm_%d%d, %d SMs), seed %llu (repeat with --seed %llu), ATTN_TC_MIN_BLOCKS=%d\n", prop.name,
           prop.major, prop.minor, prop.multiProcessorCount, opt.seed, opt.seed, ATTN_TC_MIN_BLOCKS);
    {
        cudaFuncAttributes fa;
        CUDA_CHECK(cudaFuncGetAttributes(&fa, attention_context_f16));
        printf("attention_context_f16: %d registers, %zu bytes static smem, %zu bytes local\n", fa.numRegs,
               fa.sharedSizeBytes, fa.localSizeBytes);
        CUDA_CHECK(cudaFuncGetAttributes(&fa, attention_context_f32));
        printf("attention_context_f32: %d registers, %zu bytes static smem, %zu bytes local\n", fa.numRegs,
               fa.sharedSizeBytes, fa.localSizeBytes);
    }

    auto want = [&](const char* dt) { return opt.dtype.empty() || opt.dtype == dt; };
    int n_fail = 0, n_pass = 0;
    const int n_shapes = (int)(sizeof(kShapes) / sizeof(kShapes[0]));
    for (int si = 0; si < n_shapes; si++) {
        if (opt.shape >= 0 && si != opt.shape) continue;
        const Shape& s = kShapes[si];
        printf("shape %d: B=%d T=%d H=%d KV=%d D=%d\n", si, s.B, s.T, s.H, s.KV, s.D);
        std::vector<float> x((size_t)s.B * s.T * (s.H + 2 * s.KV) * s.D);
        const unsigned long long shape_seed = opt.seed ^ (0x1234567ull * (si + 1));
        fill_random(x, shape_seed);
        std::vector<Result> rs;
        if (!opt.simt_only) {
            if (want("f32")) rs.push_back(run_variant<float>("f32", attention_context_f32, s, x, shape_seed + 1, opt, 1e-5));
            if (want("f16")) rs.push_back(run_variant<__half>("f16", attention_context_f16, s, x, shape_seed + 2, opt, 1e-2));
            if (want("bf16"))
                rs.push_back(run_variant<__nv_bfloat16>("bf16", attention_context_bf16, s, x, shape_seed + 3, opt, 1e-2));
        }
        if (opt.simt || opt.simt_only) {
            if (want("f16"))
                rs.push_back(run_variant<__half>("f16-simt", test_attention_context_simt_f16, s, x, shape_seed + 2, opt, 1e-2));
            if (want("bf16"))
                rs.push_back(run_variant<__nv_bfloat16>("bf16-simt", test_attention_context_simt_bf16, s, x, shape_seed + 3,
                                                        opt, 1e-2));
        }
        for (const Result& r : rs) (r.pass ? n_pass : n_fail)++;
    }
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
