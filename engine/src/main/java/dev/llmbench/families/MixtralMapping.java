package dev.llmbench.families;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * MixtralForCausalLM, read by the LLaMA family (the registry's mixtral_8x7b is a LLaMA with experts):
 * LLaMA's attention and norms, and in each block a router over {@code num_local_experts} SwiGLU experts
 * of which {@code num_experts_per_tok} serve each token. The files hold each expert on its own
 * ({@code block_sparse_moe.experts.E.w1} gate, {@code w3} up, {@code w2} down: what transformers saves, 4 and
 * 5 alike); they are stacked into the canonical (E, 2I, C) and (E, C, I).
 */
final class MixtralMapping implements HfMapping {
    private final LlamaFamily llama;

    MixtralMapping(LlamaFamily llama) {
        this.llama = llama;
    }

    @Override
    public String hfArchitecture() {
        return "MixtralForCausalLM";
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        return llama.configBuilder(json, name, tensors)
                .experts(json.requireInt("num_local_experts"), json.requireInt("num_experts_per_tok"))
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int experts = c.arch().experts().count();
        List<HostTensor> out = new ArrayList<>(llama.attentionAndNorms(c, t));
        int inner = c.mlpSize();
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "model.layers." + l + ".block_sparse_moe.";
            String p = WeightLayout.layer(l);
            out.add(t.read(hf + "gate.weight", experts, hidden).renamed(p + WeightLayout.ROUTER));
            List<HostTensor> up = new ArrayList<>();
            List<HostTensor> down = new ArrayList<>();
            for (int e = 0; e < experts; e++) {
                String expert = hf + "experts." + e + ".";
                up.add(t.read(expert + "w1.weight", inner, hidden));
                up.add(t.read(expert + "w3.weight", inner, hidden));
                down.add(t.read(expert + "w2.weight", hidden, inner));
            }
            out.add(stacked(p + "mlp_up.weight", up, experts, c.mlpUpSize(), hidden));
            out.add(stacked(p + "mlp_down.weight", down, experts, hidden, inner));
        }
        return out;
    }

    /** The parts' values one after the other, as one (experts, rows, cols) tensor. */
    private static HostTensor stacked(String name, List<HostTensor> parts, int experts, int rows, int cols) {
        float[] data = new float[experts * rows * cols];
        int at = 0;
        for (HostTensor part : parts) {
            System.arraycopy(part.data(), 0, data, at, part.data().length);
            at += part.data().length;
        }
        return new HostTensor(name, new int[] {experts, rows, cols}, data);
    }
}
