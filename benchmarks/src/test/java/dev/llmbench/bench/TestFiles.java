package dev.llmbench.bench;

import dev.llmbench.testing.TestTemp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JMH JSON fixtures under src/test/resources/jmh, as files: copied out of the classpath so the
 * tests run the same from target/test-classes and from the bundle's test jar. The copies go into the test
 * JVM's temporary folder, removed when it exits.
 */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path jmh(String name) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/jmh/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            Path file = TestTemp.directory("fixture").resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
