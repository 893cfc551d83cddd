package dev.llmbench.cuda;

import org.bytedeco.cuda.cudart.CUlaunchAttribute;
import org.bytedeco.cuda.cudart.CUlaunchConfig;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * A preallocated argument block for one kernel: cuLaunchKernel wants an array of pointers, each to one
 * argument's value. Each slot is 8 native bytes; ints and floats use the low 4 (x86-64 is little-endian).
 * There is one slot per argument the kernel's table declares, and each setter checks that its slot holds
 * its kind (pointer, int, long long, float) against the {@link KernelSignature}. Setting arguments and
 * launching create no Java objects, so a decode loop produces no garbage. A kernel with programmatic launch
 * ({@link ProgrammaticLaunch}) goes through cuLaunchKernelEx with a launch configuration made once. Mistakes are
 * exceptions naming
 * the kernel rather than crashes: a wrong slot or kind when set, an unset slot or a bad launch shape
 * before launching.
 */
public final class KernelLaunch {
    private static final int MAX_GRID_X = Integer.MAX_VALUE;
    private static final int MAX_GRID_YZ = 65535;

    private final Kernel kernel;
    private final KernelSignature signature;
    private final LongPointer[] slots;
    private final PointerPointer<?> params;
    private final boolean[] set;
    private final CUlaunchConfig config;        // cuLaunchKernelEx's, with the programmatic attribute; null without
    private final CUlaunchAttribute attribute; // held here: config points at it

    KernelLaunch(Kernel kernel) {
        this.kernel = kernel;
        this.signature = kernel.signature();
        int argCount = signature.arity();
        this.slots = new LongPointer[argCount];
        this.params = new PointerPointer<>(argCount);
        this.set = new boolean[argCount];
        for (int i = 0; i < argCount; i++) {
            slots[i] = new LongPointer(1);
            params.put(i, slots[i]);
        }
        if (kernel.programmatic()) {
            attribute = new CUlaunchAttribute();
            attribute.id(CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION);
            attribute.value().programmaticStreamSerializationAllowed(1);
            config = new CUlaunchConfig();
            config.blockDimY(1).blockDimZ(1).attrs(attribute).numAttrs(1);
        } else {
            attribute = null;
            config = null;
        }
    }

    /** A device pointer argument; {@code null} passes a null pointer (for optional inputs). */
    public KernelLaunch ptr(int index, DeviceBuffer buffer) {
        signature.check(index, KernelSignature.Kind.PTR);
        slots[index].put(0, buffer == null ? 0L : buffer.address());
        set[index] = true;
        return this;
    }

    public KernelLaunch i32(int index, int value) {
        signature.check(index, KernelSignature.Kind.I32);
        slots[index].put(0, value & 0xffffffffL);
        set[index] = true;
        return this;
    }

    public KernelLaunch i64(int index, long value) {
        signature.check(index, KernelSignature.Kind.I64);
        slots[index].put(0, value);
        set[index] = true;
        return this;
    }

    public KernelLaunch f32(int index, float value) {
        signature.check(index, KernelSignature.Kind.F32);
        slots[index].put(0, Float.floatToRawIntBits(value) & 0xffffffffL);
        set[index] = true;
        return this;
    }

    /** The block size the kernel's table declares for its launches. */
    int block() {
        return signature.block();
    }

    /** Throws unless every argument has been set. */
    void checkArgumentsSet() {
        for (int i = 0; i < set.length; i++) {
            if (!set[i]) throw new IllegalStateException(kernel.name() + ": argument " + i + " was never set");
        }
    }

    public void launch(Stream stream, int gridX, int blockX) {
        launch(stream, gridX, 1, 1, blockX, 0);
    }

    public void launch(Stream stream, int gridX, int gridY, int gridZ, int blockX, int sharedBytes) {
        validate(gridX, gridY, gridZ, blockX);
        if (config != null) {
            config.gridDimX(gridX).gridDimY(gridY).gridDimZ(gridZ).blockDimX(blockX).sharedMemBytes(sharedBytes)
                    .hStream(stream.handle());
            int result = cuLaunchKernelEx(config, kernel.function(), params, null);
            if (result != CUDA_SUCCESS) Cuda.checkDriver(result, "cuLaunchKernelEx", describe(gridX, gridY, gridZ, blockX));
            return;
        }
        int result = cuLaunchKernel(kernel.function(), gridX, gridY, gridZ, blockX, 1, 1, sharedBytes,
                stream.handle(), params, null);
        if (result != CUDA_SUCCESS) {
            Cuda.checkDriver(result, "cuLaunchKernel", describe(gridX, gridY, gridZ, blockX));
        }
    }

    private void validate(int gridX, int gridY, int gridZ, int blockX) {
        checkArgumentsSet();
        boolean gridOk = gridX >= 1 && gridX <= MAX_GRID_X && gridY >= 1 && gridY <= MAX_GRID_YZ && gridZ >= 1
                && gridZ <= MAX_GRID_YZ;
        boolean blockOk = blockX >= 1 && blockX <= kernel.maxThreadsPerBlock();
        if (!gridOk || !blockOk) {
            throw new InvalidLaunchException("invalid launch configuration for " + describe(gridX, gridY, gridZ, blockX)
                    + ": grid must be within (2^31-1, 65535, 65535) and at least 1, block within 1.."
                    + kernel.maxThreadsPerBlock() + " threads");
        }
    }

    private String describe(int gridX, int gridY, int gridZ, int blockX) {
        return "launching " + kernel.name() + " grid (" + gridX + "," + gridY + "," + gridZ + ") block (" + blockX + ",1,1)";
    }

    /** Elementwise kernels use grid-stride loops: this many blocks of {@code blockSize} cover {@code n} (capped). */
    public static int gridFor(long n, int blockSize) {
        long blocks = (n + blockSize - 1) / blockSize;
        return (int) Math.max(1, Math.min(blocks, 65535));
    }
}
