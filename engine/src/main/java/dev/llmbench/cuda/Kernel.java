package dev.llmbench.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;

/** One kernel function of a {@link KernelModule}; launches go through {@link KernelLaunch} argument blocks. */
public final class Kernel {
    private final String name;
    private final CUfunc_st function;
    private final int maxThreadsPerBlock;

    Kernel(String name, CUfunc_st function, int maxThreadsPerBlock) {
        this.name = name;
        this.function = function;
        this.maxThreadsPerBlock = maxThreadsPerBlock;
    }

    public String name() {
        return name;
    }

    CUfunc_st function() {
        return function;
    }

    /** The most threads a block of this kernel may have (its register use may cap it below 1024). */
    public int maxThreadsPerBlock() {
        return maxThreadsPerBlock;
    }

    /** A reusable launch with {@code argCount} argument slots, allocated once. */
    public KernelLaunch newLaunch(int argCount) {
        return new KernelLaunch(this, argCount);
    }
}
