package dev.llmbench.testing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Files a test JVM copies out of the class path are gone, with their folders, once it exits. */
class TestTempTest {

    /** The child JVM: makes a folder with a file in it, prints the folder, exits. */
    public static void main(String[] args) throws Exception {
        Path dir = TestTemp.directory("fixture");
        Files.writeString(dir.resolve("golden.json"), "{}");
        System.out.println(dir);
    }

    @Test
    void aTestJvmLeavesNothingInTheTemporaryFolder() throws Exception {
        Process child = ChildJvm.of(TestTempTest.class).redirectErrorStream(true).start();
        String printed;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            printed = out.readLine();
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
        assertEquals(0, child.exitValue(), printed);
        Path dir = Path.of(printed);
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize(),
                dir.getParent().getParent().toAbsolutePath().normalize(), "a folder of the JVM's own in the temporary folder");
        assertFalse(Files.exists(dir), dir + " is left behind");
        assertFalse(Files.exists(dir.getParent()), dir.getParent() + " is left behind");
    }
}
