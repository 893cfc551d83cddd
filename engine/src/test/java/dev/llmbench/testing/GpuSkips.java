package dev.llmbench.testing;

/**
 * The GPU test cases of this JVM that did not run, told once at the end of the run: JUnit and Surefire
 * count a skipped class as one skipped test, however many cases it holds.
 */
public final class GpuSkips {
    private static long cases;
    private static int classes;
    private static boolean exact = true;
    private static String reason;

    private GpuSkips() {
    }

    static synchronized void skipped(Class<?> testClass, String why) {
        TestCases c = TestCases.of(testClass);
        cases += c.count();
        exact &= c.exact();
        classes++;
        reason = why;
    }

    /** The line for the end of the run, or null when no GPU test was skipped. */
    static synchronized String summary() {
        if (classes == 0) return null;
        return "[gpu tests skipped] " + (exact ? "" : "at least ") + cases + " GPU test cases in " + classes
                + " classes did not run: " + reason;
    }
}
