package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;

/**
 * A failed CUDA, cuBLAS or NVML call. The message names the call, the error's name and text, and what
 * was being done (kernel, shapes, bytes), e.g.
 * {@code cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (invalid argument) while launching add_layernorm_f16 grid (8,1,1) block (256,1,1)}.
 */
public class CudaException extends LlmbenchException {
    private final String errorName;
    private final int status;

    public CudaException(String call, int status, String errorName, String errorText, String context) {
        super(call + " failed: " + errorName + " (" + errorText + ")" + (context == null || context.isEmpty() ? "" : " while " + context));
        this.errorName = errorName;
        this.status = status;
    }

    /** The library's name of the error, e.g. cudaErrorMemoryAllocation or CUBLAS_STATUS_NOT_SUPPORTED. */
    public String errorName() {
        return errorName;
    }

    public int status() {
        return status;
    }
}
