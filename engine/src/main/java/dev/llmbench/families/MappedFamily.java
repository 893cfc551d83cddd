package dev.llmbench.families;

import dev.llmbench.model.Family;

import java.util.List;

/**
 * A family whose Hugging Face checkpoints llmbench reads: the CPU reference is checked against Hugging Face's
 * own outputs on them, and the engine runs the family once it implements its blocks. Subclasses give the
 * conventions ({@link #preset}) and the checkpoint mapping ({@link HfMapping}).
 */
abstract class MappedFamily implements FamilyDescriptor, HfMapping {
    /** The LM head of Hugging Face's *ForCausalLM checkpoints, absent where it is tied to the embedding. */
    static final String HF_LM_HEAD = "lm_head.weight";

    private final Family family;
    private final String hfArchitecture;
    private final boolean implemented;

    /** {@code implemented}: whether the GPU engine runs the family (the reference always does). */
    MappedFamily(Family family, String hfArchitecture, boolean implemented) {
        this.family = family;
        this.hfArchitecture = hfArchitecture;
        this.implemented = implemented;
    }

    @Override
    public final Family family() {
        return family;
    }

    @Override
    public final boolean implemented() {
        return implemented;
    }

    @Override
    public List<HfMapping> checkpoints() {
        return List.of(this);
    }

    @Override
    public final String hfArchitecture() {
        return hfArchitecture;
    }
}
