package dev.llmbench.families;

import dev.llmbench.model.Biases;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.weights.HfConfig;

import java.util.List;

/**
 * Qwen2 (Qwen1.5): LLaMA with a bias on the query, key and value projections (not on the output projection
 * or the MLP) and rotary theta 1e6 in the published checkpoints. Checkpoints: Qwen2ForCausalLM, LLaMA's
 * tensor names.
 */
final class Qwen2Family extends LlamaFamily {
    private static final Biases QKV_ONLY = new Biases(true, false, false, false);

    Qwen2Family() {
        super(Family.QWEN2, "Qwen2ForCausalLM", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return super.preset(name).biases(QKV_ONLY).rotary(PositionEmbedding.ROPE_NEOX, 1.0, 1e6f);
    }

    /** Qwen2's checkpoints only: the LLaMA family's Mixtral mapping is LLaMA's alone. */
    @Override
    public List<HfMapping> checkpoints() {
        return List.of(this);
    }

    @Override
    Biases biases(HfConfig json) {
        return QKV_ONLY;
    }

    /** Sliding-window attention (off in the Qwen1.5 checkpoints) is not implemented. */
    @Override
    void checkConfig(HfConfig json) {
        if (json.boolOr("use_sliding_window", false)) {
            throw json.problem("uses sliding-window attention, which is not supported");
        }
    }
}
