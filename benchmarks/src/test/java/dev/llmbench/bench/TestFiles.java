package dev.llmbench.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JMH JSON fixtures under src/test/resources/jmh, as files: copied out of the classpath so the
 * tests run the same from target/test-classes and from the bundle's test jar.
 */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path jmh(String name) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/jmh/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            Path file = Files.createTempDirectory("llmbench-fixture").resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
