/*
The one translation unit nvcc compiles into llmbench.fatbin: it includes every op-family file, then
the entry points generated from their tables.

Kernels are looked up by name with cuModuleGetFunction, so every entry point is an
extern "C" __global__ function with an explicit per-dtype suffix: _f32 (float), _f16 (__half),
_bf16 (__nv_bfloat16). The body of each op is a template over the storage type (floatX) in its
op-family file. The Java/CUDA boundary is declared once, in a table beside each op-family file
(NAME.kernels: entry points, dtypes, block size and launch bounds, the function called, the
arguments; format in kernels/src/build/GenerateBoundary.java), from which the build generates the
entry points (boundary.cuh, included last) and the signatures the engine checks every launch
against (llmbench.signatures, beside the fatbin). Grids are stated above each kernel body and
chosen by the Java launchers (dev.llmbench.cuda.Kernels). Kernels only the tests use are not here:
they are in kernels/src/test/cuda (llmbench-test.fatbin, in the kernels test-jar).

ABI deviations: none. (Semantic choices the ABI left open are documented in each file's header:
accurate double-evaluated pow/cos/sin in rotary, the bias add of bias_act rounded to the storage
type before the activation, out-of-range KV-cache rows skipped, *seq_len clamped to [0, S].)
*/
#include "common.cuh"
#include "init.cuh"
#include "elementwise.cuh"
#include "embedding.cuh"
#include "norms.cuh"
#include "rotary.cuh"
#include "kv_cache.cuh"
#include "attention_context.cuh"
#include "attention_decode.cuh"
#include "attention_unfused.cuh"
#include "moe.cuh"
#include "activations.cuh"
#include "sampling.cuh"
#include "gemv.cuh"
#include "weight_only.cuh"
#include "boundary.cuh"  // generated: target/generated/cuda/llmbench/
