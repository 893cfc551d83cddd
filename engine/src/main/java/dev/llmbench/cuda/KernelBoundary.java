package dev.llmbench.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entry points of one kernel image: IMAGE.signatures, generated at build from the image's tables
 * (kernels/src/main/cuda/*.kernels for llmbench.fatbin) and shipped beside it. A name not declared
 * there is refused before the driver is asked for it. Its line {@code programmatic-launch} says that every entry
 * point waits for its predecessor first (common.cuh's pdl_enter), so the image's kernels may be launched
 * programmatically ({@link ProgrammaticLaunch}); an image without it never is.
 */
public final class KernelBoundary {
    static final String PROGRAMMATIC_LAUNCH = "programmatic-launch";
    private final String source;
    private final Map<String, KernelSignature> signatures;
    private final boolean programmaticLaunch;

    private KernelBoundary(String source, Map<String, KernelSignature> signatures, boolean programmaticLaunch) {
        this.source = source;
        this.signatures = signatures;
        this.programmaticLaunch = programmaticLaunch;
    }

    /** The boundary in classpath resource {@code resource} (an IMAGE.signatures file). */
    static KernelBoundary read(String resource) {
        try (InputStream in = KernelBoundary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("kernel signatures " + resource + " are missing from the classpath: they are"
                        + " built with the kernel image (mvn package)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource.substring(resource.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel signatures " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The text of an IMAGE.signatures file; {@code source} names it in messages. */
    static KernelBoundary parse(String text, String source) {
        Map<String, KernelSignature> signatures = new LinkedHashMap<>();
        boolean programmatic = false;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.equals(PROGRAMMATIC_LAUNCH)) {
                programmatic = true;
                continue;
            }
            try {
                KernelSignature s = KernelSignature.parse(line);
                if (signatures.putIfAbsent(s.name(), s) != null) throw new IllegalArgumentException(s.name() + " declared twice");
            } catch (RuntimeException e) {
                throw new IllegalStateException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new KernelBoundary(source, signatures, programmatic);
    }

    /** Whether every entry point of the image waits for its predecessor first, so it may be launched programmatically. */
    boolean programmaticLaunch() {
        return programmaticLaunch;
    }

    /** The entry point {@code name}; an undeclared name is an error naming the image. */
    public KernelSignature signature(String name) {
        KernelSignature s = signatures.get(name);
        if (s == null) {
            throw new IllegalArgumentException("kernel " + name + " is not declared in " + source + " (the entry points of"
                    + " the image's *.kernels tables)");
        }
        return s;
    }

    /** Every declared entry point's name, in table order. */
    Set<String> names() {
        return Collections.unmodifiableSet(signatures.keySet());
    }
}
