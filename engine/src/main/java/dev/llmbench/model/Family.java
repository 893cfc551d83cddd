package dev.llmbench.model;

/**
 * Model families of the registry, by name. What each one is (its conventions, its checkpoints, whether the
 * engine implements it) is its descriptor's business: {@code dev.llmbench.families.Families}.
 */
public enum Family {
    GPT, OPT, LLAMA, GPTJ, GPTNEOX, CHATGLM, CHATGLM2, GLM, BLOOM, FALCON, BAICHUAN, INTERNLM, QWEN, QWEN2,
    BERT, ROBERTA;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
