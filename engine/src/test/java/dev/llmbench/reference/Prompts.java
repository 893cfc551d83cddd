package dev.llmbench.reference;

import dev.llmbench.weights.RandomInit;

/** Deterministic token ids for tests, different per sequence. */
final class Prompts {
    private Prompts() {
    }

    static int[][] random(int batch, int length, int vocab, long seed) {
        int[][] prompts = new int[batch][length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                float u = RandomInit.uniform(seed + b, t); // [-1, 1)
                prompts[b][t] = Math.min(vocab - 1, (int) ((u + 1) / 2 * vocab));
            }
        }
        return prompts;
    }
}
