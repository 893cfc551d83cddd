package dev.llmbench.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;

/** One kernel function of a {@link KernelModule}; launches go through {@link KernelLaunch} argument blocks. */
public final class Kernel {
    private final KernelSignature signature;
    private final CUfunc_st function;
    private final int maxThreadsPerBlock;
    private final boolean programmatic;

    Kernel(KernelSignature signature, CUfunc_st function, int maxThreadsPerBlock, boolean programmatic) {
        this.signature = signature;
        this.function = function;
        this.maxThreadsPerBlock = maxThreadsPerBlock;
        this.programmatic = programmatic;
    }

    public String name() {
        return signature.name();
    }

    /** Its declaration in the image's tables: block size and argument kinds. */
    public KernelSignature signature() {
        return signature;
    }

    CUfunc_st function() {
        return function;
    }

    /** The most threads a block of this kernel may have (its register use may cap it below 1024). */
    public int maxThreadsPerBlock() {
        return maxThreadsPerBlock;
    }

    /** Whether its launches let the next kernel start early ({@link ProgrammaticLaunch}). */
    boolean programmatic() {
        return programmatic;
    }

    /** A reusable launch with one slot per declared argument, allocated once. */
    public KernelLaunch newLaunch() {
        return new KernelLaunch(this);
    }
}
