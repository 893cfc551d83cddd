package dev.llmbench.cuda;

import static org.bytedeco.cuda.global.cublas.*;

/** What cuBLASLt applies to a product before storing it (fused: no extra pass over the output). */
public enum Epilogue {
    NONE(CUBLASLT_EPILOGUE_DEFAULT, false),
    BIAS(CUBLASLT_EPILOGUE_BIAS, true),
    RELU(CUBLASLT_EPILOGUE_RELU, false),
    RELU_BIAS(CUBLASLT_EPILOGUE_RELU_BIAS, true),
    /** GELU, tanh approximation. */
    GELU(CUBLASLT_EPILOGUE_GELU, false),
    GELU_BIAS(CUBLASLT_EPILOGUE_GELU_BIAS, true);

    final int code;
    public final boolean needsBias;

    Epilogue(int code, boolean needsBias) {
        this.code = code;
        this.needsBias = needsBias;
    }
}
