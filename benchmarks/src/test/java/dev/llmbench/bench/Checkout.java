package dev.llmbench.bench;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository checkout the tests run in, for tests of committed files such as jmh-results. The test jar also
 * runs from a copied bundle, where there is no checkout: those tests are skipped there, with the reason.
 */
public final class Checkout {

    private Checkout() {
    }

    /** A file or folder of the checkout, by its path from the repository root. */
    public static Path file(String relative) {
        Optional<Path> root = root();
        Assumptions.assumeTrue(root.isPresent(), "no repository checkout above " + Path.of("").toAbsolutePath()
                + ": the committed " + relative + " is not here");
        return root.get().resolve(relative);
    }

    private static Optional<Path> root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("jmh-results"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
