package dev.llmbench.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One temporary folder per test JVM for files the tests copy out of the class path, removed with
 * everything in it when the JVM exits. ({@code File.deleteOnExit} on a file and its folder leaves the
 * folder behind: it deletes in reverse order, the folder first, while it still holds the file.)
 */
public final class TestTemp {
    private static Path root;

    private TestTemp() {
    }

    /** A new, empty folder named {@code prefix...} inside this JVM's temporary folder. */
    public static synchronized Path directory(String prefix) {
        try {
            return Files.createTempDirectory(root(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() throws IOException {
        if (root == null) {
            Path created = Files.createTempDirectory("llmbench-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created), "llmbench test temp cleanup"));
            root = created;
        }
        return root;
    }

    /** Deletes {@code dir} and what it holds, deepest first; what cannot be deleted stays (a JVM exit cannot report it). */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException gone) {
            // already removed, or unreadable: nothing more to do at exit
        }
    }
}
