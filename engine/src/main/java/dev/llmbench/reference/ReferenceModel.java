package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.Experts;
import dev.llmbench.model.GlmPositions;
import dev.llmbench.model.Implemented;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.model.Positions;
import dev.llmbench.model.Shard;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.WeightLayout;


/**
 * Plain-Java fp32 decoder with the engine's math: the oracle of the tests. It reads the canonical weight
 * layout, so it runs the same weights as the GPU engine (random or from a Hugging Face checkpoint), and
 * it follows the model's features rather than its family name: GPT-2, OPT (pre- and post-norm) and LLaMA
 * (RMSNorm, NeoX rotary, grouped-query attention, SwiGLU) are combinations of the same blocks. Readable
 * over fast: a tiny model runs in milliseconds, a real one would take minutes.
 */
public final class ReferenceModel {
    /** One transformer block. In a post-norm block the norms follow the residual adds instead. */
    private record Block(Norm attentionNorm, Attention attention, Norm mlpNorm, FeedForward mlp) {
    }

    private final ModelConfig config;
    private final float[] tokenEmbedding;    // (V, C)
    private final float[] positionEmbedding; // (P, C), learned positions only (GLM-10B's position table too)
    private final float[] blockEmbedding;    // (P, C), GLM-10B's block-position table, else null
    private final Block[] blocks;
    private final Norm finalNorm;            // null without a final norm
    private final Norm embeddingNorm;        // null without a norm after the embedding
    private final Linear lmHead;             // (V, C)
    private final Shard shard;               // the tensor-parallel rank the weights are of (WHOLE on one GPU)

    public ReferenceModel(ModelConfig config, HostWeights weights) {
        this(config, weights, BlockProducts.DENSE);
    }

    /**
     * With the block linear layers' products made by {@code products} (the LM head and routers stay dense). The
     * weights may be one tensor-parallel rank's ({@link HostWeights#slice}): the model is then that rank's part,
     * and {@code products} must complete its row-parallel products (ShardedReference's all-reduce).
     */
    ReferenceModel(ModelConfig config, HostWeights weights, BlockProducts products) {
        checkImplemented(config);
        this.config = config;
        this.shard = weights.shard();
        this.tokenEmbedding = weights.data(WeightLayout.EMBED);
        Positions positions = config.arch().positions();
        this.positionEmbedding = positions.learned() || positions.learned2d() ? weights.data(WeightLayout.POS_EMBED) : null;
        this.blockEmbedding = positions.learned2d() ? weights.data(WeightLayout.BLOCK_EMBED) : null;
        Rotary rotary = positions.rotary() || positions.twoD()
                ? new Rotary(positions.kind() == PositionEmbedding.ROPE_GPTJ, positions.rotaryDim(), positions.rotaryBase()) : null;
        int hidden = config.hiddenSize();
        int qkvRows = (shard.heads(config) + 2 * shard.kvHeads(config)) * config.headDim();
        Biases biases = config.arch().biases();
        this.blocks = new Block[config.numLayers()];
        for (int l = 0; l < blocks.length; l++) {
            String p = WeightLayout.layer(l);
            Attention attention = new Attention(config, shard,
                    linear(products, weights, p + "qkv", qkvRows, hidden, biases.qkv()),
                    linear(products, weights, p + "attn_out", hidden, shard.heads(config) * config.headDim(), biases.attentionOut()),
                    rotary);
            FeedForward mlp = feedForward(products, weights, p, biases);
            Norm mlpNorm = config.arch().layout() == BlockLayout.PARALLEL ? null : Norm.of(config, weights, p + "mlp_norm");
            blocks[l] = new Block(Norm.of(config, weights, p + "attn_norm"), attention, mlpNorm, mlp);
        }
        this.embeddingNorm = config.arch().embeddingNorm() ? Norm.of(config, weights, WeightLayout.EMBED_NORM) : null;
        this.finalNorm = config.arch().finalNorm() ? Norm.of(config, weights, WeightLayout.FINAL_NORM) : null;
        this.lmHead = new Linear(weights.data(WeightLayout.LM_HEAD),
                biases.lmHead() ? weights.data(WeightLayout.LM_HEAD_BIAS) : null, config.vocabSize(), hidden);
    }

    public ModelConfig config() {
        return config;
    }

    /** Width of one position's keys (or values) in the KV cache: this rank's key/value heads × head dim. */
    int kvWidth() {
        return shard.kvHeads(config) * config.headDim();
    }

    /** A fresh KV cache for {@code batch} sequences of at most {@code maxSeq} tokens each. */
    public Session newSession(int batch, int maxSeq) {
        if (batch < 1) throw new LlmbenchException("batch must be at least 1, got " + batch);
        Positions positions = config.arch().positions();
        if (maxSeq < 1 || positions.learned() && maxSeq > positions.maxPositions()) {
            throw new LlmbenchException("sequence length " + maxSeq + " is outside 1.." + positions.maxPositions()
                    + " positions of " + config.name());
        }
        return new Session(this, batch, maxSeq);
    }

    /**
     * Greedy generation: the context phase (all prompt tokens, giving token 1), then outputLen - 1 steps of
     * one token each. Prompts must have equal lengths. Ties in the argmax go to the lowest token id.
     */
    public GenerateResult generate(int[][] prompts, int outputLen) {
        if (outputLen < 1) throw new LlmbenchException("output length must be at least 1, got " + outputLen);
        if (prompts.length == 0) throw new LlmbenchException("generate needs at least one prompt");
        int batch = prompts.length;
        Session session = newSession(batch, prompts[0].length + outputLen - 1);
        float[][] firstLogits = session.forward(prompts);
        int[][] tokens = new int[batch][outputLen];
        float[][] logits = firstLogits;
        for (int step = 0; step < outputLen; step++) {
            int[][] next = new int[batch][1];
            for (int b = 0; b < batch; b++) {
                tokens[b][step] = argmax(logits[b]);
                next[b][0] = tokens[b][step];
            }
            if (step + 1 < outputLen) logits = session.forward(next);
        }
        return new GenerateResult(tokens, firstLogits);
    }

    /** Logits after the last token of {@code sequence}, recomputed from scratch in one pass (no earlier cache). */
    public float[] logitsNoCache(int[] sequence) {
        return logitsNoCache(sequence, sequence.length);
    }

    /**
     * As {@link #logitsNoCache(int[])} for a sequence whose first {@code promptLength} tokens were the prompt and the
     * rest generated: the same logits as the cached steps where positions depend on the prompt (ChatGLM).
     */
    public float[] logitsNoCache(int[] sequence, int promptLength) {
        return newSession(1, sequence.length).forward(new int[][] {sequence}, promptLength)[0];
    }

    /** Index of the largest value; the lowest such index on ties. */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    /**
     * The forward pass of one sequence: tokens at positions start .. start+T-1, with the cache holding the
     * keys and values of positions 0 .. start-1, the first {@code promptLength} of the sequence its prompt. Returns the
     * logits of the last token (V).
     */
    float[] forward(int[] tokens, int start, int promptLength, KvCache cache, int sequence) {
        int count = tokens.length;
        float[] x = embed(tokens, start, promptLength); // (T, C) residual stream
        if (embeddingNorm != null) x = embeddingNorm.apply(x, count);
        for (int l = 0; l < blocks.length; l++) {
            Block block = blocks[l];
            float[] keys = cache.keys(l, sequence);
            float[] values = cache.values(l, sequence);
            BlockLayout layout = config.arch().layout();
            if (layout == BlockLayout.PRE_NORM) {
                // x += attention(norm(x)); x += mlp(norm(x))
                addInPlace(x, block.attention().apply(block.attentionNorm().apply(x, count), count, start, promptLength, keys, values));
                addInPlace(x, block.mlp().apply(block.mlpNorm().apply(x, count), count));
            } else if (layout == BlockLayout.GLM) {
                // a = norm1(x); h = alpha·a + attention(a); m = norm2(h); x = alpha·m + mlp(m)
                double alpha = BlockLayout.glmAlpha(config.numLayers());
                float[] a = block.attentionNorm().apply(x, count);
                float[] h = block.attention().apply(a, count, start, promptLength, keys, values);
                for (int i = 0; i < h.length; i++) h[i] = (float) (alpha * a[i] + h[i]);
                float[] m = block.mlpNorm().apply(h, count);
                float[] mlpOut = block.mlp().apply(m, count);
                for (int i = 0; i < mlpOut.length; i++) mlpOut[i] = (float) (alpha * m[i] + mlpOut[i]);
                x = mlpOut;
            } else if (layout.parallel()) {
                // x += attention(norm1(x)) + mlp(norm2(x)), both reading the block's input; GPT-J has one
                // norm for both (PARALLEL), GPT-NeoX two (PARALLEL_TWO_NORMS)
                float[] h = block.attentionNorm().apply(x, count);
                float[] attended = block.attention().apply(h, count, start, promptLength, keys, values);
                float[] mlpOut = block.mlp().apply(layout == BlockLayout.PARALLEL ? h : block.mlpNorm().apply(x, count), count);
                for (int i = 0; i < x.length; i++) x[i] += attended[i] + mlpOut[i];
            } else {
                // x = norm(x + attention(x)); x = norm(x + mlp(x))
                addInPlace(x, block.attention().apply(x, count, start, promptLength, keys, values));
                x = block.attentionNorm().apply(x, count);
                addInPlace(x, block.mlp().apply(x, count));
                x = block.mlpNorm().apply(x, count);
            }
        }
        // Only the last token's logits are needed: the next token depends on nothing else.
        int hidden = config.hiddenSize();
        float[] last = new float[hidden];
        System.arraycopy(x, (count - 1) * hidden, last, 0, hidden);
        if (finalNorm != null) last = finalNorm.apply(last, 1);
        return lmHead.apply(last, 1);
    }

    /**
     * The token embeddings of tokens start .. start+T-1, plus the learned positions where the model has them: the
     * position table at start + t (+ offset), or GLM-10B's position and block-position tables at the token's
     * {@link GlmPositions} (which depend on the prompt's length).
     */
    private float[] embed(int[] tokens, int start, int promptLength) {
        int hidden = config.hiddenSize();
        Positions positions = config.arch().positions();
        float[] x = new float[tokens.length * hidden];
        for (int t = 0; t < tokens.length; t++) {
            int token = tokens[t];
            config.requireToken(token, "");
            System.arraycopy(tokenEmbedding, token * hidden, x, t * hidden, hidden);
            if (positions.learned2d()) {
                int index = start + t;
                addRow(x, t, positionEmbedding, tableRow(GlmPositions.position(positions.kind(), promptLength, index), "position"));
                addRow(x, t, blockEmbedding, tableRow(GlmPositions.block(promptLength, index), "block position"));
            } else if (positionEmbedding != null) {
                addRow(x, t, positionEmbedding, start + t + positions.offset());
            }
        }
        return x;
    }

    /** x[t] += table[row]. */
    private void addRow(float[] x, int t, float[] table, int row) {
        int hidden = config.hiddenSize();
        for (int i = 0; i < hidden; i++) x[t * hidden + i] += table[row * hidden + i];
    }

    /** A GLM-10B table's row for {@code value}, refused past the table (0 .. maxPositions). */
    private int tableRow(int value, String what) {
        int max = config.arch().positions().maxPositions();
        if (value < 0 || value > max) {
            throw new LlmbenchException(config.name() + ": " + what + " " + value + " is outside its table (0.." + max + ")");
        }
        return value;
    }

    private static void addInPlace(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) x[i] += y[i];
    }

    /** The block's dense MLP, or its mixture of experts. */
    private FeedForward feedForward(BlockProducts products, HostWeights w, String p, Biases biases) {
        int hidden = config.hiddenSize();
        Experts experts = config.arch().experts();
        if (experts.present()) {
            // a rank holds its block of every expert: the mixture's output is a partial sum, completed over the ranks
            FeedForward mixture = new MixtureOfExperts(w.data(p + WeightLayout.ROUTER), w.data(p + "mlp_up.weight"),
                    w.data(p + "mlp_down.weight"), experts.count(), experts.topK(), hidden, shard.mlpUp(config), shard.mlp(config),
                    config.arch().activation());
            if (shard.size() == 1) return mixture;
            return (x, tokens) -> products.sumOverRanks(p + "moe", mixture.apply(x, tokens));
        }
        int inner = shard.mlp(config);
        int upRows = config.arch().activation() == dev.llmbench.model.Activation.SWIGLU ? 2 * inner : inner;
        return new Mlp(linear(products, w, p + "mlp_up", upRows, hidden, biases.mlp()),
                linear(products, w, p + "mlp_down", hidden, inner, biases.mlp()), config.arch().activation());
    }

    private static Linear linear(BlockProducts products, HostWeights w, String name, int out, int in, boolean bias) {
        return products.linear(name, w.data(name + ".weight"), bias ? w.data(name + ".bias") : null, out, in);
    }

    /** The reference implements what {@link Implemented#REFERENCE} lists: the engine's list and more. */
    private static void checkImplemented(ModelConfig c) {
        Implemented.REFERENCE.missing(c).ifPresent(missing -> {
            throw new LlmbenchException("the CPU reference does not implement " + missing + " (model " + c.name() + ")");
        });
    }
}
