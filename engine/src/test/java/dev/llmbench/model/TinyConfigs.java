package dev.llmbench.model;

/**
 * Small configurations of each implemented family for CPU tests, with deliberately odd sizes (6 heads of
 * 16, 2 key/value heads for LLaMA, an MLP of 160, a vocabulary of 101) so that an index mix-up between
 * dimensions cannot cancel out.
 */
public final class TinyConfigs {
    private TinyConfigs() {
    }

    public static ModelConfig gpt() {
        return new ConfigBuilder("tiny_gpt", Family.GPT).shape(2, 6, 0, 96, 101, 64, 160)
                .limits(4, 64, 64).build();
    }

    /** OPT, pre-norm with final norm (as opt_2.7b and larger) or post-norm (as opt_350m). */
    public static ModelConfig opt(boolean postNorm) {
        ConfigBuilder b = new ConfigBuilder(postNorm ? "tiny_opt_post" : "tiny_opt", Family.OPT)
                .shape(2, 6, 0, 96, 101, 64, 160).limits(4, 64, 64)
                .activation(Activation.RELU).positions(PositionEmbedding.LEARNED, 2);
        return (postNorm ? b.postNorm() : b).build();
    }

    /** LLaMA with grouped-query attention (6 heads, 2 key/value heads). */
    public static ModelConfig llama() {
        return new ConfigBuilder("tiny_llama", Family.LLAMA).shape(2, 6, 2, 96, 101, 64, 160).limits(4, 64, 64)
                .activation(Activation.SWIGLU).norm(NormKind.RMS_NORM, 1e-6f)
                .rotary(PositionEmbedding.ROPE_NEOX, 1.0, 10000f).biases(Biases.NONE).untied().build();
    }

    /** GLM-10B: pre-norm blocks, learned position and block-position tables (64 positions), tied head. */
    public static ModelConfig glm() {
        return new ConfigBuilder("tiny_glm", Family.GLM).shape(2, 6, 0, 96, 101, 64, 160).limits(4, 64, 64)
                .positions(PositionEmbedding.LEARNED_2D, 0).build();
    }

    /** ChatGLM-6B v1: GLM's residual from the normed input, 2D rotary (8 dims of each 16-dim head a stream). */
    public static ModelConfig chatglm() {
        return new ConfigBuilder("tiny_chatglm", Family.CHATGLM).shape(2, 6, 0, 96, 101, 64, 160).limits(4, 64, 64)
                .layout(BlockLayout.GLM).rotary(PositionEmbedding.ROPE_2D, 0.5, 10000f).untied().build();
    }

    /** GPT with SwiGLU, rotary on half of each head and no bias, as gpt_next_2b. */
    public static ModelConfig gptNext() {
        return new ConfigBuilder("tiny_gpt_next", Family.GPT).shape(2, 6, 0, 96, 101, 64, 160).limits(4, 64, 64)
                .activation(Activation.SWIGLU).rotary(PositionEmbedding.ROPE_NEOX, 0.5, 10000f).biases(Biases.NONE).build();
    }
}
