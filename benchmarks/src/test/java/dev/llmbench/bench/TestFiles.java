package dev.llmbench.bench;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The JMH JSON fixtures under src/test/resources/jmh. */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path jmh(String name) {
        URL url = TestFiles.class.getResource("/jmh/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
