package dev.llmbench.weights;

import dev.llmbench.model.ModelConfig;

import java.util.List;

/** How one Hugging Face architecture maps onto the engine: its config keys and its tensor names. */
interface HfArchitecture {

    /** The model described by {@code json}; {@code tensors} tells whether the checkpoint has its own LM head. */
    ModelConfig config(HfConfig json, String name, CheckpointTensors tensors);

    /** The checkpoint's tensors in the canonical layout ({@link WeightLayout}), in any order. */
    List<HostTensor> tensors(ModelConfig c, CheckpointTensors tensors);
}
