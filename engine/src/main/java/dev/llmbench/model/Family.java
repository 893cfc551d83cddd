package dev.llmbench.model;

/** Model families of the registry. Only some are implemented by the engine; see {@link #supported()}. */
public enum Family {
    GPT, OPT, LLAMA, GPTJ, GPTNEOX, CHATGLM, CHATGLM2, GLM, BLOOM, FALCON, BAICHUAN, INTERNLM, QWEN, QWEN2,
    BERT, ROBERTA;

    /** Whether the engine implements this family. */
    public boolean supported() {
        return this == GPT || this == OPT || this == LLAMA;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
