package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.javacpp.BytePointer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * A kernel image of {@code kernels/} (an nvcc fatbin, a classpath resource) loaded into a device's context
 * once, with its boundary (the signatures of its entry points, shipped beside it) and function handles
 * cached by name.
 */
public final class KernelModule {
    /** The production image: llmbench.fatbin and llmbench.signatures. */
    private static final String IMAGE = "llmbench";
    private static final String RESOURCE_DIR = "/dev/llmbench/kernels/";
    private static final Map<String, KernelModule> LOADED = new ConcurrentHashMap<>();

    private final CUmod_st module;
    private final KernelBoundary boundary;
    private final DeviceInfo device;
    private final String source;
    private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();

    private KernelModule(CUmod_st module, KernelBoundary boundary, DeviceInfo device, String source) {
        this.module = module;
        this.boundary = boundary;
        this.device = device;
        this.source = source;
    }

    /** The llmbench kernels on {@code device} (which must be current on this thread). */
    public static KernelModule of(Device device) {
        return of(device, IMAGE);
    }

    /** Kernel image {@code image} (IMAGE.fatbin with IMAGE.signatures, classpath resources) on {@code device}. */
    public static KernelModule of(Device device, String image) {
        return LOADED.computeIfAbsent(image + "@" + device.info().ordinal(),
                k -> load(readResource(RESOURCE_DIR + image + ".fatbin"), KernelBoundary.read(RESOURCE_DIR + image + ".signatures"),
                        device.info(), image + ".fatbin"));
    }

    /** Loads a fatbin/cubin image into the current context; {@code source} names it in errors. */
    public static KernelModule load(byte[] image, KernelBoundary boundary, DeviceInfo device, String source) {
        CUmod_st module = new CUmod_st();
        try (BytePointer data = new BytePointer(image)) {
            int result = cuModuleLoadData(module, data);
            if (result == CUDA_ERROR_NO_BINARY_FOR_GPU) {
                throw new LlmbenchException("GPU " + device.name() + " (" + device.computeCapability() + ") is not supported by "
                        + source + ": it holds no code for this GPU (llmbench builds SASS for sm_80, sm_86, sm_89, sm_90 and"
                        + " compute_90 PTX, so compute capability 8.0 or newer is needed)");
            }
            Cuda.checkDriver(result, "cuModuleLoadData", "loading " + source + " on " + device.name());
        }
        return new KernelModule(module, boundary, device, source);
    }

    /** The kernel named {@code name}: an entry point the image's signatures declare (else an IllegalArgumentException). */
    public Kernel kernel(String name) {
        return kernels.computeIfAbsent(name, n -> {
            KernelSignature signature = boundary.signature(n);
            CUfunc_st fn = new CUfunc_st();
            Cuda.checkDriver(cuModuleGetFunction(fn, module, n), "cuModuleGetFunction", "looking up kernel " + n + " in " + source);
            int[] maxThreads = new int[1];
            Cuda.checkDriver(cuFuncGetAttribute(maxThreads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, fn),
                    "cuFuncGetAttribute", "kernel " + n);
            return new Kernel(signature, fn, maxThreads[0], boundary.programmaticLaunch() && ProgrammaticLaunch.enabled(device));
        });
    }

    public DeviceInfo device() {
        return device;
    }

    private static byte[] readResource(String path) {
        try (InputStream in = KernelModule.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new LlmbenchException("kernel image " + path + " is missing from the classpath: build with `mvn package`"
                        + " on a machine with nvcc");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LlmbenchException("cannot read kernel image " + path + ": " + e.getMessage(), e);
        }
    }
}
