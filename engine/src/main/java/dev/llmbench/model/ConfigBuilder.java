package dev.llmbench.model;

/**
 * Assembles a {@link ModelConfig}: a family's conventions first (its descriptor's preset), then a registry
 * row's numbers or a checkpoint's config.json, each stating only what differs. The one way to make a
 * configuration, so that no call spells out a record of many positional values.
 */
public final class ConfigBuilder {
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
    private BlockLayout layout = BlockLayout.PRE_NORM;
    private boolean finalNorm = true;
    private PositionEmbedding positionEmbedding = PositionEmbedding.LEARNED;
    private double rotaryFraction;
    private float rotaryBase;
    private int maxPositions;
    private int positionOffset;
    private Biases biases = Biases.BLOCKS;
    private boolean tiedEmbeddings = true;
    private Experts experts = Experts.NONE;
    private boolean embeddingNorm;
    private int tokenTypes;
    private boolean encoder;
    private boolean pooler;
    private Limits limits = new Limits(0, 0, 0);

    public ConfigBuilder(String name, Family family) {
        this.name = name;
        this.family = family;
    }

    /**
     * The architecture numbers. {@code kvHeads} 0 means multi-head (= heads) and {@code inter} 0 means
     * 4 x hidden, as TensorRT-LLM's allowed_configs.py leaves them unset.
     */
    public ConfigBuilder shape(int layers, int heads, int kvHeads, int hidden, int vocab, int positions, int inter) {
        this.numLayers = layers;
        this.numHeads = heads;
        this.numKvHeads = kvHeads == 0 ? heads : kvHeads;
        this.hiddenSize = hidden;
        this.vocabSize = vocab;
        this.maxPositions = positions;
        this.mlpSize = inter == 0 ? 4 * hidden : inter;
        return this;
    }

    public ConfigBuilder limits(int maxBatch, int maxInput, int maxSeq) {
        this.limits = new Limits(maxBatch, maxInput, maxSeq);
        return this;
    }

    public ConfigBuilder activation(Activation activation) {
        this.activation = activation;
        return this;
    }

    public ConfigBuilder norm(NormKind norm, float eps) {
        this.norm = norm;
        this.normEps = eps;
        return this;
    }

    /** Rotary embedding on {@code fraction} of each head's dims (1.0 = the whole head). */
    public ConfigBuilder rotary(PositionEmbedding kind, double fraction, float base) {
        this.positionEmbedding = kind;
        this.rotaryFraction = fraction;
        this.rotaryBase = base;
        return this;
    }

    public ConfigBuilder positions(PositionEmbedding kind, int offset) {
        this.positionEmbedding = kind;
        this.positionOffset = offset;
        return this;
    }

    public ConfigBuilder biases(Biases biases) {
        this.biases = biases;
        return this;
    }

    public ConfigBuilder layout(BlockLayout layout) {
        this.layout = layout;
        return this;
    }

    public ConfigBuilder finalNorm(boolean finalNorm) {
        this.finalNorm = finalNorm;
        return this;
    }

    /** Post-norm blocks, whose last norm ends the model: no final norm (opt_350m, BERT). */
    public ConfigBuilder postNorm() {
        return layout(BlockLayout.POST_NORM).finalNorm(false);
    }

    public ConfigBuilder tied(boolean tiedEmbeddings) {
        this.tiedEmbeddings = tiedEmbeddings;
        return this;
    }

    public ConfigBuilder untied() {
        return tied(false);
    }

    /** A LayerNorm right after the token embedding (BLOOM). */
    public ConfigBuilder embeddingNorm() {
        this.embeddingNorm = true;
        return this;
    }

    /** Token-type (segment) embeddings of {@code rows} types added to the token's (BERT: 2). */
    public ConfigBuilder tokenTypes(int rows) {
        this.tokenTypes = rows;
        return this;
    }

    /** Bidirectional attention: an encoder (BERT) rather than a decoder. */
    public ConfigBuilder encoder() {
        this.encoder = true;
        return this;
    }

    /** An encoder's pooled output, tanh(W h + b) of each sequence's first token (BERT's pooler), or none. */
    public ConfigBuilder pooler(boolean present) {
        this.pooler = present;
        return this;
    }

    public ConfigBuilder experts(int count, int topK) {
        this.experts = new Experts(count, topK);
        return this;
    }

    public ModelConfig build() {
        boolean rotary = positionEmbedding == PositionEmbedding.ROPE_NEOX || positionEmbedding == PositionEmbedding.ROPE_GPTJ
                || positionEmbedding == PositionEmbedding.ROPE_2D;
        int rotaryDim = rotary ? (int) Math.round(hiddenSize / numHeads * rotaryFraction) : 0;
        Positions positions = new Positions(positionEmbedding, rotaryDim, rotary ? rotaryBase : 0f, maxPositions, positionOffset);
        Architecture arch = new Architecture(family, activation, norm, normEps, layout, finalNorm, positions, biases,
                tiedEmbeddings, experts, embeddingNorm, tokenTypes, encoder, pooler);
        return new ModelConfig(name, new Dimensions(numLayers, numHeads, numKvHeads, hiddenSize, mlpSize, vocabSize), arch, limits);
    }
}
