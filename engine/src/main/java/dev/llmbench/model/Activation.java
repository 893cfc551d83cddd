package dev.llmbench.model;

/** MLP activation. The codes are the kernels' {@code act} argument (kernels/activations.cuh). */
public enum Activation {
    /** Identity (used for bias-only epilogues). */
    NONE(0),
    /** GELU, tanh approximation (GPT-2's gelu_new, TensorRT-LLM's gelu). */
    GELU_TANH(1),
    RELU(2),
    SILU(3),
    /** GELU with erf (BERT's exact gelu). */
    GELU_ERF(4),
    /** SiLU-gated MLP: silu(gate) * up (LLaMA). */
    SWIGLU(5),
    /** tanh (BERT's pooler). */
    TANH(6);

    public final int kernelCode;

    Activation(int kernelCode) {
        this.kernelCode = kernelCode;
    }
}
