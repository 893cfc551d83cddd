package dev.llmbench.layers;

/**
 * One step of a forward pass, bound to its buffers at build time: running it issues GPU work, nothing
 * else. Its family ("gemm", "attention", "norm", …) groups it in the per-op time breakdown.
 */
public interface Op {
    void run();

    String family();

    static Op of(String family, Runnable body) {
        return new Op() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public String family() {
                return family;
            }
        };
    }
}
