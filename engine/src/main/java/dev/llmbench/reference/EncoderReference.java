package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.WeightLayout;

/**
 * Plain-Java fp32 encoder (BERT): the oracle of an encoder engine. Per sequence: x = token + position +
 * token-type 0 embeddings, normed; then each block x = norm1(x + attention(x)); x = norm2(x + mlp(x)),
 * where every token attends to every token of its sequence that the mask keeps (padding is not attended).
 * Where the model has a pooler, the pooled output of a sequence is tanh(W · its first token's last hidden state + b).
 */
public final class EncoderReference {
    private record Block(Linear qkv, Linear out, Norm attentionNorm, Mlp mlp, Norm mlpNorm) {
    }

    private final ModelConfig config;
    private final float[] tokenEmbedding;    // (V, C)
    private final float[] positionEmbedding; // (P, C)
    private final float[] typeEmbedding;     // (types, C); type 0 for every token
    private final Norm embeddingNorm;
    private final Block[] blocks;
    private final Linear pooler; // null without one

    public EncoderReference(ModelConfig config, HostWeights weights) {
        if (!config.arch().encoder()) {
            throw new LlmbenchException(config.name() + " is a decoder: the encoder reference runs encoders");
        }
        this.config = config;
        int hidden = config.hiddenSize();
        this.tokenEmbedding = weights.data(WeightLayout.EMBED);
        this.positionEmbedding = weights.data(WeightLayout.POS_EMBED);
        this.typeEmbedding = weights.data(WeightLayout.TYPE_EMBED);
        this.embeddingNorm = Norm.of(config, weights, WeightLayout.EMBED_NORM);
        this.blocks = new Block[config.numLayers()];
        for (int l = 0; l < blocks.length; l++) {
            String p = WeightLayout.layer(l);
            blocks[l] = new Block(linear(weights, p + "qkv", 3 * hidden, hidden), linear(weights, p + "attn_out", hidden, hidden),
                    Norm.of(config, weights, p + "attn_norm"),
                    new Mlp(linear(weights, p + "mlp_up", config.mlpSize(), hidden), linear(weights, p + "mlp_down", hidden,
                            config.mlpSize()), config.arch().activation()),
                    Norm.of(config, weights, p + "mlp_norm"));
        }
        this.pooler = config.arch().pooler()
                ? new Linear(weights.data(WeightLayout.POOLER), weights.data(WeightLayout.POOLER_BIAS), hidden, hidden) : null;
    }

    /** Each sequence's pooled output (C) from its last hidden states ({@link #hiddenStates}). */
    public float[][] pooled(float[][] hiddenStates) {
        if (pooler == null) throw new LlmbenchException(config.name() + " has no pooler");
        int hidden = config.hiddenSize();
        float[][] out = new float[hiddenStates.length][];
        for (int b = 0; b < out.length; b++) {
            out[b] = pooler.apply(java.util.Arrays.copyOf(hiddenStates[b], hidden), 1);
            for (int i = 0; i < hidden; i++) out[b][i] = (float) Math.tanh(out[b][i]);
        }
        return out;
    }

    /**
     * The last hidden states of each sequence, (T × C) row-major; {@code mask[b][t]} is 1 for a token and 0
     * for padding (its rows are computed too, as Hugging Face does, but attend to the tokens only).
     */
    public float[][] hiddenStates(int[][] ids, int[][] mask) {
        float[][] out = new float[ids.length][];
        for (int b = 0; b < ids.length; b++) out[b] = encode(ids[b], mask[b]);
        return out;
    }

    private float[] encode(int[] ids, int[] mask) {
        int hidden = config.hiddenSize();
        int tokens = ids.length;
        if (tokens > config.arch().positions().maxPositions()) {
            throw new LlmbenchException("sequence of " + tokens + " tokens exceeds the " + config.arch().positions().maxPositions()
                    + " positions of " + config.name());
        }
        // Position t is row offset + t (RoBERTa numbers from 2). Padding rows are given the same numbering,
        // unlike Hugging Face's: they are neither attended nor part of the result.
        int offset = config.arch().positions().offset();
        float[] x = new float[tokens * hidden];
        for (int t = 0; t < tokens; t++) {
            config.requireToken(ids[t], "");
            for (int i = 0; i < hidden; i++) {
                x[t * hidden + i] = tokenEmbedding[ids[t] * hidden + i] + positionEmbedding[(offset + t) * hidden + i]
                        + typeEmbedding[i];
            }
        }
        x = embeddingNorm.apply(x, tokens);
        for (Block block : blocks) {
            float[] attended = block.out().apply(attend(block.qkv().apply(x, tokens), mask, tokens), tokens);
            for (int i = 0; i < x.length; i++) attended[i] += x[i];
            x = block.attentionNorm().apply(attended, tokens);
            float[] mlp = block.mlp().apply(x, tokens);
            for (int i = 0; i < x.length; i++) mlp[i] += x[i];
            x = block.mlpNorm().apply(mlp, tokens);
        }
        return x;
    }

    /** qkv (T, 3C): every token's context over the kept tokens, (T, C). */
    private float[] attend(float[] qkv, int[] mask, int tokens) {
        int hidden = config.hiddenSize();
        int heads = config.numHeads();
        int d = config.headDim();
        double scale = 1.0 / Math.sqrt(d);
        float[] context = new float[tokens * hidden];
        double[] scores = new double[tokens];
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < tokens; s++) {
                    if (mask[s] == 0) continue;
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += (double) qkv[t * 3 * hidden + h * d + i] * qkv[s * 3 * hidden + hidden + h * d + i];
                    scores[s] = dot * scale;
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s < tokens; s++) {
                    scores[s] = mask[s] == 0 ? 0 : Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int i = 0; i < d; i++) {
                    double acc = 0;
                    for (int s = 0; s < tokens; s++) acc += scores[s] * qkv[s * 3 * hidden + 2 * hidden + h * d + i];
                    context[t * hidden + h * d + i] = (float) (acc / sum);
                }
            }
        }
        return context;
    }

    private static Linear linear(HostWeights w, String name, int out, int in) {
        return new Linear(w.data(name + ".weight"), w.data(name + ".bias"), out, in);
    }
}
