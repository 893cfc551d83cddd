package dev.llmbench.bench.history;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.Checkout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsIndexTest {

    /** jmh-results/README.md's layout: {@code <gpu>/<date>-<shortcommit>[-<what>].json}. */
    private static final Pattern RESULT_FILE =
            Pattern.compile("([a-z0-9]+)/(\\d{4}-\\d{2}-\\d{2})-([0-9a-f]{7})(-[^/]+)?\\.json");

    @TempDir
    Path dir;

    private ResultsIndex indexOf(String runs) throws IOException {
        Files.createDirectories(dir.resolve("h100"));
        Files.writeString(dir.resolve("h100/a.json"), "[]");
        Files.writeString(dir.resolve("h100/b.json"), "[]");
        return ResultsIndex.read(Files.writeString(dir.resolve("index.json"), "{\"runs\": [" + runs + "]}"));
    }

    private static String run(int order, String commit, String file) {
        return "{\"order\": " + order + ", \"commit\": \"" + commit + "\", \"date\": \"2026-11-27\", \"gpu\": \"h100\","
                + " \"file\": \"" + file + "\"}";
    }

    @Test
    void theCommittedIndexListsEveryResultFileOnceAsItsNameSays() throws IOException {
        Path results = Checkout.file("jmh-results");
        ResultsIndex index = ResultsIndex.read(results.resolve("index.json"));
        Set<Path> onDisk;
        try (Stream<Path> files = Files.list(results)) {
            onDisk = files.filter(Files::isDirectory).flatMap(ResultsIndexTest::jsonFiles).collect(Collectors.toSet());
        }

        List<Path> listed = index.runs().stream().map(IndexedRun::file).toList();
        assertEquals(onDisk, Set.copyOf(listed), "every JSON under jmh-results/<gpu>/ is a run of the index");
        assertEquals(listed.size(), Set.copyOf(listed).size(), "no file listed twice");
        for (IndexedRun run : index.runs()) {
            String relative = results.relativize(run.file()).toString().replace('\\', '/');
            Matcher name = RESULT_FILE.matcher(relative);
            assertTrue(name.matches(), relative + " follows the layout of jmh-results/README.md");
            assertEquals(List.of(run.gpu(), run.date(), run.commit()), List.of(name.group(1), name.group(2), name.group(3)),
                    relative);
        }
    }

    private static Stream<Path> jsonFiles(Path gpuFolder) {
        try (Stream<Path> files = Files.list(gpuFolder)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(Path::toAbsolutePath).map(Path::normalize)
                    .toList().stream();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void runsKeepTheirOrderCommitAndResolvedFile() throws IOException {
        ResultsIndex index = indexOf(run(1, "aaaaaaa", "h100/a.json") + "," + run(2, "bbbbbbb", "h100/b.json"));

        assertEquals(List.of(1, 2), index.runs().stream().map(IndexedRun::order).toList());
        assertEquals(dir.resolve("h100/b.json").toAbsolutePath().normalize(), index.runs().get(1).file());
        assertEquals(Set.of("h100"), index.gpus());
    }

    @Test
    void aCommitWithTwoOrdersIsAnError() throws IOException {
        LlmbenchException error = assertThrows(LlmbenchException.class,
                () -> indexOf(run(1, "aaaaaaa", "h100/a.json") + "," + run(2, "aaaaaaa", "h100/b.json")));

        assertTrue(error.getMessage().endsWith("index.json: commit aaaaaaa has orders 1 and 2; the runs of one"
                + " commit share one order"), error.getMessage());
    }

    @Test
    void twoCommitsWithOneOrderAreAnError() throws IOException {
        LlmbenchException error = assertThrows(LlmbenchException.class,
                () -> indexOf(run(1, "aaaaaaa", "h100/a.json") + "," + run(1, "bbbbbbb", "h100/b.json")));

        assertTrue(error.getMessage().endsWith("index.json: order 1 is given to commits aaaaaaa and bbbbbbb"),
                error.getMessage());
    }

    @Test
    void aRunWhoseFileIsMissingIsAnErrorNamingIt() throws IOException {
        LlmbenchException error = assertThrows(LlmbenchException.class, () -> indexOf(run(1, "aaaaaaa", "h100/c.json")));

        assertTrue(error.getMessage().endsWith("index.json: run 1's file h100/c.json does not exist"), error.getMessage());
    }

    @Test
    void aRunWithoutAnOrderIsAnErrorNamingIt() throws IOException {
        LlmbenchException error = assertThrows(LlmbenchException.class,
                () -> indexOf("{\"commit\": \"aaaaaaa\", \"date\": \"2026-11-27\", \"gpu\": \"h100\","
                        + " \"file\": \"h100/a.json\"}"));

        assertTrue(error.getMessage().endsWith("index.json: run 1 needs \"order\", a whole number from 1"),
                error.getMessage());
    }

    @Test
    void aMissingIndexSaysWhereItWasLookedFor() {
        LlmbenchException error = assertThrows(LlmbenchException.class,
                () -> ResultsIndex.read(dir.resolve("nowhere.json")));

        assertTrue(error.getMessage().startsWith("no index ") && error.getMessage().endsWith(
                "nowhere.json (run from the repository root, or give --index FILE)"), error.getMessage());
    }
}
