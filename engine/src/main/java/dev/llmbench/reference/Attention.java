package dev.llmbench.reference;

import dev.llmbench.model.Alibi;
import dev.llmbench.model.GlmPositions;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;

/**
 * Causal multi-head attention with grouped-query key/value heads, over a KV cache: the new tokens' keys and
 * values are appended to the cache, then each new token attends to every cached position up to its own.
 * Query head h reads key/value head h / (H / KV). Scores are scaled by 1/sqrt(D), plus ALiBi's slope × key
 * position where the model uses it. On a tensor-parallel rank it is that rank's heads: its query heads, the
 * key/value heads they read, and their ALiBi slopes. ChatGLM's 2D rotary turns the first rotaryDim dims of a head
 * with the token's position and the next rotaryDim with its block position; ChatGLM and GLM-10B let the prompt's
 * context attend both ways ({@link GlmPositions}).
 */
final class Attention {
    private final Linear qkv;       // (H + 2 KV) D rows: q heads, k heads, v heads
    private final Linear out;       // (C, H D)
    private final Rotary rotary;    // null for learned positions and ALiBi
    private final boolean twoD;     // ChatGLM's two rotary streams
    private final boolean glm;      // ChatGLM's and GLM-10B's positions and prefix mask
    private final double[] alibi;   // per head, null without ALiBi
    private final int heads;
    private final int kvHeads;
    private final int headDim;

    Attention(ModelConfig c, Shard shard, Linear qkv, Linear out, Rotary rotary) {
        this.qkv = qkv;
        this.out = out;
        this.rotary = rotary;
        this.twoD = c.arch().positions().twoD();
        this.glm = c.arch().positions().glm();
        this.heads = shard.heads(c);
        this.kvHeads = shard.kvHeads(c);
        this.headDim = c.headDim();
        this.alibi = c.arch().positions().alibi()
                ? java.util.Arrays.copyOfRange(Alibi.slopes(c), shard.rank() * heads, (shard.rank() + 1) * heads) : null;
    }

    /**
     * x (T, C) are the normed inputs of tokens start .. start+T-1 of a sequence whose prompt is {@code promptLength}
     * tokens long; keyCache and valueCache hold this sequence's rows of this layer, filled up to start. Returns the
     * attention output (T, C).
     */
    float[] apply(float[] x, int tokens, int start, int promptLength, float[] keyCache, float[] valueCache) {
        int qWidth = heads * headDim;
        int kvWidth = kvHeads * headDim;
        int qkvWidth = qWidth + 2 * kvWidth;
        float[] projected = qkv.apply(x, tokens); // (T, (H + 2KV) D)

        // Rotate q and k of each new token, then append its k and v to the cache.
        for (int t = 0; t < tokens; t++) {
            int row = t * qkvWidth;
            if (twoD) {
                int position = GlmPositions.position(promptLength, start + t), block = GlmPositions.block(promptLength, start + t);
                for (int h = 0; h < heads + kvHeads; h++) {
                    rotary.apply(projected, row + h * headDim, position);
                    rotary.apply(projected, row + h * headDim + rotary.dim(), block);
                }
            } else if (rotary != null) {
                for (int h = 0; h < heads + kvHeads; h++) {
                    rotary.apply(projected, row + h * headDim, start + t);
                }
            }
            System.arraycopy(projected, row + qWidth, keyCache, (start + t) * kvWidth, kvWidth);
            System.arraycopy(projected, row + qWidth + kvWidth, valueCache, (start + t) * kvWidth, kvWidth);
        }

        float[] context = new float[tokens * qWidth]; // (T, H D)
        double scale = 1.0 / Math.sqrt(headDim);
        int group = heads / kvHeads;
        double[] scores = new double[start + tokens];
        for (int t = 0; t < tokens; t++) {
            // causal: positions 0 .. start+t; ChatGLM's context also sees all of the context
            int visible = glm ? Math.max(start + t + 1, GlmPositions.blockStart(promptLength)) : start + t + 1;
            for (int h = 0; h < heads; h++) {
                int q = t * qkvWidth + h * headDim;
                int kvHead = (h / group) * headDim;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < visible; s++) {
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) {
                        dot += (double) projected[q + d] * keyCache[s * kvWidth + kvHead + d];
                    }
                    scores[s] = dot * scale + (alibi == null ? 0 : alibi[h] * s);
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s < visible; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                int o = t * qWidth + h * headDim;
                for (int d = 0; d < headDim; d++) {
                    double acc = 0;
                    for (int s = 0; s < visible; s++) {
                        acc += scores[s] * valueCache[s * kvWidth + kvHead + d];
                    }
                    context[o + d] = (float) (acc / sum);
                }
            }
        }
        return out.apply(context, tokens);
    }
}
