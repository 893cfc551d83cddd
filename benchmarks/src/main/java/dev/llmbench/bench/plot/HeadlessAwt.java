package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;

/**
 * Makes AWT usable for drawing pictures without a display, or says in one line why it cannot be. Called
 * when {@code --plot} is parsed: before any AWT class loads (the headless property is read once, by the
 * first one), and before a long read of results that would end in a missing-module stack trace. This class
 * itself must not touch AWT.
 */
public final class HeadlessAwt {

    /** The JDK module with AWT; the bundle's jlink runtime leaves it out to stay small. */
    static final String DESKTOP_MODULE = "java.desktop";

    private HeadlessAwt() {
    }

    public static void require() {
        require(ModuleLayer.boot());
    }

    static void require(ModuleLayer layer) {
        if (layer.findModule(DESKTOP_MODULE).isEmpty()) {
            throw new LlmbenchException("--plot needs the " + DESKTOP_MODULE + " module, which this Java runtime"
                    + " lacks (the bundle's runtime leaves it out): plot with a full JDK, java -jar target/benchmarks.jar");
        }
        // CI and GPU hosts have no display; a picture needs none, and without this AWT may look for one.
        System.setProperty("java.awt.headless", "true");
    }
}
