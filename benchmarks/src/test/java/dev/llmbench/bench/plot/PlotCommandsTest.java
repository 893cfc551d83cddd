package dev.llmbench.bench.plot;

import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --plot on the command line: the picture comes besides the usual output and exit status. */
class PlotCommandsTest {

    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("plotting must not need a GPU");
    };

    @TempDir
    Path dir;

    @BeforeAll
    static void drawingIsPossible() {
        Pictures.assumeCanDraw();
    }

    @Test
    void reportWritesThePictureAndStillPrintsTheLines() {
        Path png = dir.resolve("pictures/sweep.png");

        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("decoder-run.json").toString(),
                "--plot", png.toString());

        assertEquals(0, result.status(), result.err());
        assertEquals(2, result.outLines().size(), result.out());
        assertTrue(Files.isRegularFile(png), "the folder is made and the picture written");
    }

    @Test
    void compareWritesThePictureAndKeepsItsExitStatus() {
        Path svg = dir.resolve("compare.svg");

        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "compare", TestFiles.jmh("compare-base.json").toString(),
                TestFiles.jmh("compare-head-regressed.json").toString(), "--plot=" + svg);

        assertEquals(1, result.status(), "a regression still exits 1\n" + result.out());
        assertTrue(result.out().contains("REGRESSION"), result.out());
        assertTrue(Files.isRegularFile(svg));
    }

    @Test
    void anUnknownExtensionIsOneErrorLineAndNoFile() {
        Path gif = dir.resolve("sweep.gif");

        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("decoder-run.json").toString(),
                "--plot", gif.toString());

        assertEquals(2, result.status());
        assertEquals("", result.out(), "the error comes before the report is printed");
        assertEquals("ERROR: --plot " + gif + ": the extension picks the format, .png or .svg", result.err().strip());
        assertFalse(Files.exists(gif));
    }

    @Test
    void helpListsThePlotOptionsAndHistory() {
        String help = CommandOutput.run(NO_GPU_NEEDED, "-h").out();

        assertTrue(help.contains("report FILE.json [--csv] [--ceilings COPY_GBPS,GEMM_TFLOPS] [--plot OUT.png|OUT.svg]"), help);
        assertTrue(help.contains("[--by PARAM,...] [--plot OUT.png|OUT.svg]"), help);
        assertTrue(help.contains("history --plot OUT.png|OUT.svg [--model M]... [--gpu GPU] [--index FILE]"), help);
    }
}
