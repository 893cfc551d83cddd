package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlotFileTest {

    @BeforeAll
    static void drawingIsPossible() {
        Pictures.assumeCanDraw();
    }

    @Test
    void theExtensionChoosesTheFormatInAnyCase() {
        assertEquals(new PlotFile(Path.of("out/sweep.png"), PlotFormat.PNG), PlotFile.of("out/sweep.png"));
        assertEquals(PlotFormat.SVG, PlotFile.of("sweep.SVG").format());
    }

    @Test
    void anotherExtensionIsAnErrorNamingTheFile() {
        LlmbenchException error = assertThrows(LlmbenchException.class, () -> PlotFile.of("sweep.jpg"));

        assertEquals("--plot sweep.jpg: the extension picks the format, .png or .svg", error.getMessage());
    }

    @Test
    void noFileNameIsAnError() {
        LlmbenchException error = assertThrows(LlmbenchException.class, () -> PlotFile.of(null));

        assertEquals("--plot needs a file name ending in .png or .svg", error.getMessage());
    }
}
