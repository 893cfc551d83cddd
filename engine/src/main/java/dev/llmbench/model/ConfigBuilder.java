package dev.llmbench.model;

/**
 * Assembles a {@link ModelConfig} from a family's conventions plus a row's own numbers, so that each
 * registry row states only what differs (a record with 24 components is unreadable as a constructor call).
 */
final class ConfigBuilder {
    private final String name;
    private final Family family;
    private int numLayers;
    private int numHeads;
    private int numKvHeads;
    private int hiddenSize;
    private int mlpSize;
    private int vocabSize;
    private Activation activation = Activation.GELU_TANH;
    private NormKind norm = NormKind.LAYER_NORM;
    private float normEps = 1e-5f;
    private PositionEmbedding positionEmbedding = PositionEmbedding.LEARNED;
    private double rotaryFraction;
    private float rotaryBase;
    private int maxPositions;
    private int positionOffset;
    private boolean bias = true;
    private boolean preNorm = true;
    private boolean finalNorm = true;
    private boolean parallelAttention;
    private boolean tiedEmbeddings = true;
    private int maxBatch;
    private int maxInput;
    private int maxSeq;

    ConfigBuilder(String name, Family family) {
        this.name = name;
        this.family = family;
    }

    /**
     * The architecture numbers of a table row. {@code kvHeads} 0 means multi-head (= heads) and
     * {@code inter} 0 means 4 x hidden, as TensorRT-LLM's allowed_configs.py leaves them unset.
     */
    ConfigBuilder shape(int layers, int heads, int kvHeads, int hidden, int vocab, int positions, int inter) {
        this.numLayers = layers;
        this.numHeads = heads;
        this.numKvHeads = kvHeads == 0 ? heads : kvHeads;
        this.hiddenSize = hidden;
        this.vocabSize = vocab;
        this.maxPositions = positions;
        this.mlpSize = inter == 0 ? 4 * hidden : inter;
        return this;
    }

    ConfigBuilder limits(int maxBatch, int maxInput, int maxSeq) {
        this.maxBatch = maxBatch;
        this.maxInput = maxInput;
        this.maxSeq = maxSeq;
        return this;
    }

    ConfigBuilder activation(Activation activation) {
        this.activation = activation;
        return this;
    }

    ConfigBuilder norm(NormKind norm, float eps) {
        this.norm = norm;
        this.normEps = eps;
        return this;
    }

    /** Rotary embedding on {@code fraction} of each head's dims (1.0 = the whole head). */
    ConfigBuilder rotary(PositionEmbedding kind, double fraction, float base) {
        this.positionEmbedding = kind;
        this.rotaryFraction = fraction;
        this.rotaryBase = base;
        return this;
    }

    ConfigBuilder positions(PositionEmbedding kind, int offset) {
        this.positionEmbedding = kind;
        this.positionOffset = offset;
        return this;
    }

    ConfigBuilder bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    ConfigBuilder postNorm() {
        this.preNorm = false;
        this.finalNorm = false;
        return this;
    }

    ConfigBuilder parallelAttention() {
        this.parallelAttention = true;
        return this;
    }

    ConfigBuilder untied() {
        this.tiedEmbeddings = false;
        return this;
    }

    ModelConfig build() {
        boolean rotary = positionEmbedding == PositionEmbedding.ROPE_NEOX
                || positionEmbedding == PositionEmbedding.ROPE_GPTJ;
        int rotaryDim = rotary ? (int) Math.round(hiddenSize / numHeads * rotaryFraction) : 0;
        return new ModelConfig(name, family, numLayers, numHeads, numKvHeads, hiddenSize, mlpSize, vocabSize,
                activation, norm, normEps, positionEmbedding, rotaryDim, rotary ? rotaryBase : 0f,
                maxPositions, positionOffset, bias, preNorm, finalNorm, parallelAttention, tiedEmbeddings,
                maxBatch, maxInput, maxSeq);
    }
}
