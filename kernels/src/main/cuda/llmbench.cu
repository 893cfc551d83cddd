/*
The one translation unit nvcc compiles into llmbench.fatbin: it includes every op-family file.

Kernels are looked up by name with cuModuleGetFunction, so every entry point is an
extern "C" __global__ function with an explicit per-dtype suffix: _f32 (float), _f16 (__half),
_bf16 (__nv_bfloat16). The body of each op is a template over the storage type (floatX) in its
op-family file; the wrappers are written out by hand next to it. Launch shapes used by the Java
launchers are stated in a comment above each kernel body.

ABI deviations: none. (Semantic choices the ABI left open are documented in each file's header:
accurate double-evaluated pow/cos/sin in rotary, the bias add of bias_act rounded to the storage
type before the activation, out-of-range KV-cache rows skipped, *seq_len clamped to [0, S].)
*/
#include "common.cuh"
#include "init.cuh"
#include "elementwise.cuh"
#include "reduce.cuh"
#include "embedding.cuh"
#include "norms.cuh"
#include "rotary.cuh"
#include "kv_cache.cuh"
#include "attention_context.cuh"
#include "attention_decode.cuh"
#include "activations.cuh"
#include "sampling.cuh"
#include "gemv.cuh"
