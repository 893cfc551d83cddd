package dev.llmbench.cuda;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;

import static org.bytedeco.cuda.global.cudart.*;

/** Status checking for the runtime and driver APIs, and small process-wide queries. */
public final class Cuda {
    private Cuda() {
    }

    /** Throws a CudaException naming the runtime-API call and context unless {@code status} is cudaSuccess. */
    public static void check(int status, String call, String context) {
        if (status != cudaSuccess) {
            throw new CudaException(call, status, runtimeErrorName(status), runtimeErrorText(status), context);
        }
    }

    public static void check(int status, String call) {
        check(status, call, null);
    }

    /** Same for driver-API (cu*) calls, whose codes are CUresult. */
    public static void checkDriver(int result, String call, String context) {
        if (result != CUDA_SUCCESS) {
            throw new CudaException(call, result, driverErrorName(result), driverErrorText(result), context);
        }
    }

    static String runtimeErrorName(int status) {
        BytePointer p = cudaGetErrorName(status);
        return p == null || p.isNull() ? "cudaError " + status : p.getString();
    }

    static String runtimeErrorText(int status) {
        BytePointer p = cudaGetErrorString(status);
        return p == null || p.isNull() ? "unknown" : p.getString();
    }

    static String driverErrorName(int result) {
        BytePointer p = new BytePointer((BytePointer) null);
        return cuGetErrorName(result, p) == CUDA_SUCCESS && !p.isNull() ? p.getString() : "CUresult " + result;
    }

    static String driverErrorText(int result) {
        BytePointer p = new BytePointer((BytePointer) null);
        return cuGetErrorString(result, p) == CUDA_SUCCESS && !p.isNull() ? p.getString() : "unknown";
    }

    /** Free and total bytes of the current device. */
    public static long[] memoryInfo() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            check(cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new long[] {free.get(), total.get()};
        }
    }

    /** Checks for an error left by an asynchronous launch or a previous call (clears it). */
    public static void checkLastError(String context) {
        check(cudaGetLastError(), "cudaGetLastError", context);
    }
}
