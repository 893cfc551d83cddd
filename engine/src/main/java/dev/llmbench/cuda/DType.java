package dev.llmbench.cuda;

import static org.bytedeco.cuda.global.cudart.*;

/** Element types of device buffers, with their cudaDataType for cuBLASLt. */
public enum DType {
    F32(4, CUDA_R_32F), F16(2, CUDA_R_16F), BF16(2, CUDA_R_16BF), I32(4, CUDA_R_32I),
    /** int8 codes of a quantized weight. */
    I8(1, CUDA_R_8I);

    public final int bytes;
    public final int cudaDataType;

    DType(int bytes, int cudaDataType) {
        this.bytes = bytes;
        this.cudaDataType = cudaDataType;
    }

    /** Kernel-name suffix: f32, f16, bf16 (i32, i8 for the integer types). */
    public String suffix() {
        return switch (this) {
            case F32 -> "f32";
            case F16 -> "f16";
            case BF16 -> "bf16";
            case I32 -> "i32";
            case I8 -> "i8";
        };
    }
}
