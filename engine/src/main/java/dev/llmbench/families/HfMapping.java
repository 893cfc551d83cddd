package dev.llmbench.families;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;

import java.util.List;

/** How one Hugging Face architecture maps onto the engine: its config keys and its tensor names. */
interface HfMapping {

    /** The class name config.json lists under "architectures", e.g. LlamaForCausalLM. */
    String hfArchitecture();

    /** The model described by {@code json}; {@code tensors} tells whether the checkpoint has its own LM head. */
    ModelConfig config(HfConfig json, String name, CheckpointTensors tensors);

    /** The checkpoint's tensors in the canonical layout ({@link dev.llmbench.weights.WeightLayout}), in any order. */
    List<HostTensor> tensors(ModelConfig c, CheckpointTensors tensors);
}
