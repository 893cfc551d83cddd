package dev.llmbench.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts a Java process with this test run's classes: under Maven they are on {@code java.class.path};
 * under the bundle's JUnit console launcher they are in the launcher's own class loader, and
 * {@code java.class.path} holds only the launcher.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java -cp <this run's class path> mainClass args...}. */
    public static ProcessBuilder of(Class<?> mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classPath(), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** This run's class path, as a {@code -cp} value. */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) entries.add(path(url));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String path(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("class path entry " + url, e);
        }
    }
}
