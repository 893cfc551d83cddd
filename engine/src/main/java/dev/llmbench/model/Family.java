package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

/** Model families of the registry. Only some are implemented by the engine; see {@link #supported()}. */
public enum Family {
    GPT, OPT, LLAMA, GPTJ, GPTNEOX, CHATGLM, CHATGLM2, GLM, BLOOM, FALCON, BAICHUAN, INTERNLM, QWEN, QWEN2,
    BERT, ROBERTA;

    /** Whether the engine implements this family. */
    public boolean supported() {
        return this == GPT || this == OPT || this == LLAMA;
    }

    /** Throws the one message for a model of a family the engine lacks. */
    public void requireSupported(String model) {
        if (!supported()) {
            throw new LlmbenchException("family " + id() + " is not supported yet (model " + model + ")");
        }
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
