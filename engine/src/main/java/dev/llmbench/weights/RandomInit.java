package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic random weights, identical on the host and on the GPU: the kernel {@code init_uniform}
 * computes the same counter-based hash, so a benchmark fills billions of parameters on the device in
 * milliseconds while a test recomputes any of them here.
 *
 * <p>Element {@code i} of a tensor is {@code offset + scale * uniform(tensorSeed(seed, name), i)} in fp32,
 * with two roundings (a product, then a sum: no fused multiply-add). {@code uniform} is SplitMix64's
 * finaliser on a Weyl sequence; its top 24 bits make a float in [-1, 1) exactly, so the only roundings
 * are the product and the sum, and IEEE arithmetic makes those identical on both sides. Each tensor's
 * seed hashes its name, so tensors are independent and do not depend on the order of initialisation.
 *
 * <h2>Scales</h2>
 * The weights are noise, but the benchmark (fp16 through up to 80 layers) and the tests (greedy tokens
 * compared across implementations) need activations of order one, logits whose argmax is not a tie, and
 * outputs that depend on the tokens, so that a wrong embedding row or cache entry shows. A uniform value in
 * [-s, s) has variance s^2/3; the scales below were checked with the CPU reference on tiny to mid-sized
 * configurations of every family, counting how often greedy decoding repeats a token.
 * <ul>
 * <li>Matrices that read the normed stream (mlp_up, an untied lm_head): s = sqrt(3 / fan_in), which keeps
 *     the variance of a unit-variance input (the LeCun scale), so the untied logits have deviation ~1.</li>
 * <li>qkv: s = 3 / sqrt(fan_in), so q and k have variance ~3 and the scores q.k/sqrt(D) a deviation of ~3.
 *     At the variance-keeping scale the scores deviate by ~1/3: softmax is then nearly uniform, attention
 *     returns an average of the context that hardly changes from step to step (greedy decoding repeats
 *     one token) and position errors hide in the average.</li>
 * <li>attn_out and mlp_down, the two products that write into the residual stream: sqrt(3 / fan_in) further
 *     divided by sqrt(2 numLayers), so that the 2L additions sum to a variance of order one whatever the
 *     depth instead of growing with it (the GPT-2 residual scaling).</li>
 * <li>Token embeddings: s = 1/sqrt(C). A tied head computes e_j . norm(x), and x contains the current
 *     token's own embedding e_t: with large embeddings that self term (|e_t|^2, growing with C) wins the
 *     argmax and greedy decoding repeats the input token forever. At 1/sqrt(C) it is of the order of the
 *     other logits (deviation ~0.6), while the first norm still brings the embedding to unit size.</li>
 * <li>Learned positions (GLM-10B's block positions too): s = 0.5, larger than the token embedding, so each
 *     step starts from a clearly different vector (without it a random model settles on one token) while
 *     tokens still move the logits by ~10-40%.</li>
 * <li>Norm weights: 1 + 0.1 u, so the norms keep unit size but are not the identity; biases 0.05 u,
 *     small beside activations of order one but large enough for a missing bias to show in a test.</li>
 * </ul>
 * Everything stays within a few units, far inside fp16's range.
 */
public final class RandomInit {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** How to fill one tensor: {@code offset + scale * u} with u uniform in [-1, 1). */
    public record Spec(float scale, float offset) {
    }

    private RandomInit() {
    }

    /** SplitMix64's output function: a bijection on 64 bits with good avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Element {@code i} of the stream {@code seed}: uniform in [-1, 1), a multiple of 2^-23. */
    public static float uniform(long seed, long i) {
        long z = mix64(seed + (i + 1) * GOLDEN_GAMMA);
        return (float) (z >>> 40) * (1.0f / 8388608.0f) - 1.0f;
    }

    /** The seed of tensor {@code name} in model seed {@code seed}. */
    public static long tensorSeed(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix64(seed * GOLDEN_GAMMA ^ h);
    }

    /** Scale and offset of tensor {@code name} of shape {@code shape} in model {@code c} (see class notes). */
    public static Spec spec(ModelConfig c, String name, int[] shape) {
        // A tied head is the embedding itself (generate shares it, it is not drawn from its own stream).
        boolean embedding = name.equals(WeightLayout.EMBED) || WeightLayout.isTiedLmHead(c, name);
        if (embedding) return new Spec((float) (1 / Math.sqrt(c.hiddenSize())), 0f);
        if (name.equals(WeightLayout.POS_EMBED) || name.equals(WeightLayout.BLOCK_EMBED) || name.equals(WeightLayout.TYPE_EMBED)) {
            return new Spec(0.5f, 0f);
        }
        if (name.endsWith("norm.weight")) return new Spec(0.1f, 1.0f);
        if (name.endsWith(".bias")) return new Spec(0.05f, 0f);
        if (shape.length < 2) {
            throw new IllegalArgumentException("no initialisation rule for tensor '" + name + "'");
        }
        double fanIn = shape[shape.length - 1]; // (out, in), or (experts, out, in)
        double scale = name.endsWith("qkv.weight") ? 3 / Math.sqrt(fanIn) : Math.sqrt(3 / fanIn);
        if (name.endsWith("attn_out.weight") || name.endsWith("mlp_down.weight")) {
            scale /= Math.sqrt(2.0 * c.numLayers());
        }
        return new Spec((float) scale, 0f);
    }

    /** Fills {@code data} as tensor {@code name} of model seed {@code seed}. */
    static void fill(float[] data, long seed, String name, Spec spec) {
        long tensorSeed = tensorSeed(seed, name);
        for (int i = 0; i < data.length; i++) {
            data[i] = spec.offset() + spec.scale() * uniform(tensorSeed, i);
        }
    }

    /** All weights of {@code c} in host memory; meant for small configurations (tests, the CPU reference). */
    public static HostWeights generate(ModelConfig c, long seed) {
        List<HostTensor> tensors = new ArrayList<>();
        HostTensor embed = null;
        for (WeightShape w : WeightLayout.tensors(c)) {
            if (WeightLayout.isTiedLmHead(c, w.name())) {
                tensors.add(embed.renamed(WeightLayout.LM_HEAD));
                continue;
            }
            if (w.numel() > Integer.MAX_VALUE - 8) {
                throw new LlmbenchException("tensor " + w + " of " + c.name() + " is too large to generate on the host");
            }
            float[] data = new float[(int) w.numel()];
            fill(data, seed, w.name(), spec(c, w.name(), w.shape()));
            HostTensor t = new HostTensor(w.name(), w.shape(), data);
            if (w.name().equals(WeightLayout.EMBED)) embed = t;
            tensors.add(t);
        }
        return new HostWeights(c, tensors);
    }
}
