package dev.llmbench.layers;

/** One step of a forward pass, bound to its buffers at build time: running it issues GPU work, nothing else. */
@FunctionalInterface
public interface Op {
    void run();
}
