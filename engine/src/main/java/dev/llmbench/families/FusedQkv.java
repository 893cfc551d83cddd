package dev.llmbench.families;

import dev.llmbench.weights.HostTensor;

/**
 * Checkpoints that fuse q, k and v into one projection order its rows in their own way; the engine's
 * canonical order is every query head, then every key head, then every value head (D rows each). Both
 * other orders seen are groups: a group of {@code q} query heads followed by its key and value head,
 * repeated — per head (GPT-NeoX, Falcon without multi-query: one query head a group) or per key/value
 * head (Falcon's new decoder architecture: H / KV query heads a group).
 */
final class FusedQkv {
    private FusedQkv() {
    }

    /**
     * The rows (or, for a bias, the values) of {@code grouped}, {@code kvHeads} groups of {@code queryHeadsPerGroup}
     * query heads then one key and one value head, regrouped into the canonical order, under {@code name}.
     */
    static HostTensor canonical(HostTensor grouped, int kvHeads, int queryHeadsPerGroup, int headDim, String name) {
        int cols = grouped.shape().length == 2 ? grouped.shape()[1] : 1;
        int block = headDim * cols;
        int heads = kvHeads * queryHeadsPerGroup;
        float[] out = new float[grouped.data().length];
        for (int g = 0; g < kvHeads; g++) {
            int groupStart = g * (queryHeadsPerGroup + 2) * block;
            for (int i = 0; i < queryHeadsPerGroup; i++) {
                System.arraycopy(grouped.data(), groupStart + i * block, out, (g * queryHeadsPerGroup + i) * block, block);
            }
            System.arraycopy(grouped.data(), groupStart + queryHeadsPerGroup * block, out, (heads + g) * block, block);
            System.arraycopy(grouped.data(), groupStart + (queryHeadsPerGroup + 1) * block, out, (heads + kvHeads + g) * block, block);
        }
        return new HostTensor(name, grouped.shape().clone(), out);
    }
}
