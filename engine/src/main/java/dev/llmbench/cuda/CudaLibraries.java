package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import org.bytedeco.javacpp.Loader;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * Loads the JavaCPP bindings of the CUDA libraries once and turns a failure into one actionable line.
 * The JNI wrappers ship in the jar, the CUDA libraries themselves must come from the system: the NVIDIA
 * driver (libcuda.so.1, libnvidia-ml.so.1), the CUDA 13 toolkit libraries (libcudart.so.13, libcublas.so.13,
 * libcublasLt.so.13) and NCCL (libnccl.so.2), found through LD_LIBRARY_PATH and the dynamic linker's cache.
 */
public final class CudaLibraries {
    private static final Map<Class<?>, Object> LOADED = new ConcurrentHashMap<>();

    private CudaLibraries() {
    }

    /** Ensures the CUDA runtime and driver API bindings are usable, or throws a clear LlmbenchException. */
    public static void requireRuntime() {
        require(org.bytedeco.cuda.global.cudart.class, "the CUDA runtime (libcudart.so.13)");
    }

    /** Ensures cuBLAS and cuBLASLt are usable. */
    public static void requireCublas() {
        requireRuntime();
        require(org.bytedeco.cuda.global.cublas.class, "cuBLAS (libcublas.so.13, libcublasLt.so.13)");
    }

    /** Ensures NCCL (tensor parallelism's all-reduce) is usable. */
    public static void requireNccl() {
        requireRuntime();
        require(org.bytedeco.cuda.global.nccl.class, "NCCL (libnccl.so.2)");
    }

    /** Ensures NVML (part of the NVIDIA driver) is usable. */
    public static void requireNvml() {
        require(org.bytedeco.cuda.global.nvml.class, "NVML (libnvidia-ml.so.1, part of the NVIDIA driver)");
    }

    private static void require(Class<?> bindings, String what) {
        Object state = LOADED.computeIfAbsent(bindings, CudaLibraries::tryLoad);
        if (state instanceof LlmbenchException e) {
            throw new LlmbenchException(e.getMessage(), e.getCause());
        }
    }

    private static Object tryLoad(Class<?> bindings) {
        try {
            Loader.load(bindings);
            return Boolean.TRUE;
        } catch (Throwable t) {
            return new LlmbenchException(explain(t), t);
        }
    }

    /** Maps the dynamic linker's complaint to the missing library and its fix. */
    static String explain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(' ');
        }
        String text = all.toString();
        String ldPath = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        String where = "looked in LD_LIBRARY_PATH=" + (ldPath.isEmpty() ? "(unset)" : ldPath) + " and the system library path";
        if (text.contains("libcuda.so")) {
            return "no usable CUDA device: the NVIDIA driver library libcuda.so.1 was not found (" + where
                    + "); this machine has no NVIDIA GPU driver installed";
        }
        if (text.contains("libnvidia-ml.so")) {
            return "NVML library libnvidia-ml.so.1 (part of the NVIDIA driver) was not found (" + where + ")";
        }
        for (String lib : new String[] {"libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13", "libnccl.so.2"}) {
            if (text.contains(lib)) {
                return "CUDA library " + lib + " was not found (" + where + "); install the CUDA 13 libraries and run"
                        + " export LD_LIBRARY_PATH=/usr/local/cuda/lib64:$LD_LIBRARY_PATH";
            }
        }
        return "could not load the CUDA libraries: " + text.trim();
    }
}
