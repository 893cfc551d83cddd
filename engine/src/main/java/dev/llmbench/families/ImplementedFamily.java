package dev.llmbench.families;

import dev.llmbench.model.Family;

import java.util.Optional;

/**
 * A family the engine implements: checked against Hugging Face's own outputs, so it reads its checkpoints.
 * Subclasses give the conventions ({@link #preset}) and the checkpoint mapping ({@link HfMapping}).
 */
abstract class ImplementedFamily implements FamilyDescriptor, HfMapping {
    /** The LM head of Hugging Face's *ForCausalLM checkpoints, absent where it is tied to the embedding. */
    static final String HF_LM_HEAD = "lm_head.weight";

    private final Family family;
    private final String hfArchitecture;

    ImplementedFamily(Family family, String hfArchitecture) {
        this.family = family;
        this.hfArchitecture = hfArchitecture;
    }

    @Override
    public final Family family() {
        return family;
    }

    @Override
    public final boolean implemented() {
        return true;
    }

    @Override
    public final Optional<HfMapping> checkpoint() {
        return Optional.of(this);
    }

    @Override
    public final String hfArchitecture() {
        return hfArchitecture;
    }
}
