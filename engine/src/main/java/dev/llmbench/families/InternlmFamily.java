package dev.llmbench.families;

import dev.llmbench.model.Biases;
import dev.llmbench.model.Family;
import dev.llmbench.weights.HfConfig;

import java.util.List;

/**
 * InternLM (v1, internlm-chat-7b and -20b): LLaMA with, where config.json says {@code bias} (7B; default
 * true), a bias on the q, k, v and output projections, none on the MLP. Checkpoints: InternLMForCausalLM
 * (remote code) with LLaMA's tensor names; its function is LlamaForCausalLM's with attention_bias, the class
 * the golden is made with. The later checkpoints' dynamic NTK rotary applies only beyond
 * max_position_embeddings, which the engine's limits never pass, so it is plain rotary here.
 */
final class InternlmFamily extends LlamaFamily {
    private static final Biases ATTENTION = new Biases(true, true, false, false);

    InternlmFamily() {
        super(Family.INTERNLM, "InternLMForCausalLM", true);
    }

    @Override
    public List<HfMapping> checkpoints() {
        return List.of(this);
    }

    @Override
    Biases biases(HfConfig json) {
        return json.boolOr("bias", true) ? ATTENTION : Biases.NONE;
    }

    /** InternLM's config names its biases {@code bias}, not LLaMA's attention_bias. */
    @Override
    void checkConfig(HfConfig json) {
    }
}
