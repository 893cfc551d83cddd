package dev.llmbench.cuda;

import java.util.Locale;

/**
 * Whether kernels launch with programmatic stream serialization (programmatic dependent launch): the next kernel of
 * a stream may start launching while the one before it runs its last blocks, and waits on the GPU (common.cuh's
 * pdl_enter, the first thing every entry point does) until that one has completed. Only images whose signatures say
 * so ({@link KernelBoundary#programmaticLaunch}) are launched this way. It hides most of the gap between
 * two short kernels, which a generation step is made of. On by default where the GPU has it (compute capability 9.0
 * and newer); {@code -Dllmbench.pdl=false} or the environment variable {@code LLMBENCH_PDL=0} turns it off, for a
 * before/after in one sitting (the environment reaches JMH's forked JVMs).
 */
public final class ProgrammaticLaunch {
    static final String PROPERTY = "llmbench.pdl";
    static final String ENVIRONMENT = "LLMBENCH_PDL";
    private static final boolean REQUESTED = requested(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));

    private ProgrammaticLaunch() {
    }

    /** Whether launches on {@code device} use it: requested (the default) and supported by the GPU. */
    public static boolean enabled(DeviceInfo device) {
        return REQUESTED && device.ccMajor() >= 9;
    }

    /** The request: the property if set, else the environment variable, else on; "false", "0", "off" or "no" turn it off. */
    static boolean requested(String property, String environment) {
        String v = property != null ? property : environment;
        if (v == null) return true;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "false", "0", "off", "no" -> false;
            default -> true;
        };
    }
}
