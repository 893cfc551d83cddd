package dev.llmbench.reference;

import dev.llmbench.testing.TestTemp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden fixtures made by tools/make_goldens.py, found on the test classpath under {@code goldens/}: one
 * directory per model with config.json, model.safetensors and golden.json. When the tests run from the
 * test jar (on GPU hosts) the directories are copied out first, since checkpoints are read memory-mapped.
 */
public final class Goldens {
    public static final String ROOT = "goldens";
    private static List<Path> directories;

    private Goldens() {
    }

    /** The decoders' fixtures: the directories holding a golden.json, sorted; empty when the fixtures are absent. */
    public static List<Path> directories() {
        return holding("golden.json");
    }

    /** The fixture directory named {@code name} (e.g. "qwen"); fails when there is none. */
    public static Path directory(String name) {
        return all().stream().filter(d -> d.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no golden fixture '" + name + "' under " + ROOT + "/"));
    }

    /** The encoders' fixtures: the directories holding an encoder.json, sorted. */
    public static List<Path> encoderDirectories() {
        return holding("encoder.json");
    }

    private static List<Path> holding(String fixture) {
        List<Path> all = all();
        List<Path> out = new java.util.ArrayList<>();
        for (Path dir : all) {
            if (Files.isRegularFile(dir.resolve(fixture))) out.add(dir);
        }
        return out;
    }

    private static synchronized List<Path> all() {
        if (directories == null) directories = find();
        return directories;
    }

    /** Copied out of a jar once per JVM, into a folder removed when the JVM exits. */
    private static List<Path> find() {
        URL url = Goldens.class.getClassLoader().getResource(ROOT);
        if (url == null) return List.of();
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("file")) return subdirectories(Path.of(uri));
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                Path copy = TestTemp.directory("goldens");
                copyTree(jar.provider().getPath(uri), copy);
                return subdirectories(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> subdirectories(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
