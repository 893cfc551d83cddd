# Sourced by the launchers: finds the bundle, its Java runtime, and the CUDA libraries.
# The engine needs libcuda.so.1 (the NVIDIA driver), libcudart.so.13, libcublas.so.13 and libcublasLt.so.13
# (CUDA 13), and for NVML/NCCL libnvidia-ml.so.1 and libnccl.so.2. A user's LD_LIBRARY_PATH comes first.
BUNDLE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="$BUNDLE_DIR/runtime/bin/java"
cuda_dirs=""
for d in "${CUDA_HOME:-}/lib64" /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib \
         /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu; do
  [[ -n "$d" && -d "$d" && "$d" != "/lib64" ]] && cuda_dirs="$cuda_dirs:$d"
done
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH}${cuda_dirs}"
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH#:}"
