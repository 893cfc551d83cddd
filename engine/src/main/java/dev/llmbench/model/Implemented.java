package dev.llmbench.model;

import java.util.EnumSet;
import java.util.Optional;

/**
 * The architecture values the engine's kernels and its CPU reference implement today: one list, read by
 * both, so that neither runs a model the other cannot check.
 */
public final class Implemented {
    private static final EnumSet<Activation> ACTIVATIONS =
            EnumSet.of(Activation.GELU_TANH, Activation.RELU, Activation.SILU, Activation.SWIGLU);
    private static final EnumSet<PositionEmbedding> POSITIONS = EnumSet.of(PositionEmbedding.LEARNED, PositionEmbedding.ROPE_NEOX);
    private static final EnumSet<BlockLayout> LAYOUTS = EnumSet.of(BlockLayout.PRE_NORM, BlockLayout.POST_NORM);

    private Implemented() {
    }

    /** The first value of {@code a} that is not implemented, said for a message ("activation GELU_ERF"); empty when all are. */
    public static Optional<String> missing(Architecture a) {
        if (!LAYOUTS.contains(a.layout())) return Optional.of("block layout " + a.layout().name().toLowerCase(java.util.Locale.ROOT));
        if (!POSITIONS.contains(a.positions().kind())) return Optional.of("position embedding " + a.positions().kind());
        if (!ACTIVATIONS.contains(a.activation())) return Optional.of("activation " + a.activation());
        if (a.biases().lmHead()) return Optional.of("a bias on the LM head");
        if (a.experts().present()) return Optional.of("mixture of experts");
        return Optional.empty();
    }
}
