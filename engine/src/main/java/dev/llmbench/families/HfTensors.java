package dev.llmbench.families;

import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HostTensor;

import java.util.List;

/** Reading steps the checkpoint mappings share. */
final class HfTensors {
    private HfTensors() {
    }

    /** A LayerNorm's weight and bias, {@code hf}.weight and .bias, as {@code canonical}.weight and .bias. */
    static void layerNorm(List<HostTensor> out, CheckpointTensors t, String hf, String canonical, int hidden) {
        out.add(t.read(hf + ".weight", hidden).renamed(canonical + ".weight"));
        out.add(t.read(hf + ".bias", hidden).renamed(canonical + ".bias"));
    }
}
