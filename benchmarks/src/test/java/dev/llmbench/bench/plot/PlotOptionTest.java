package dev.llmbench.bench.plot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlotOptionTest {

    @BeforeAll
    static void drawingIsPossible() {
        Pictures.assumeCanDraw();
    }

    @Test
    void takesTheOptionAndItsValueOutOfTheArguments() {
        List<String> args = new ArrayList<>(List.of("run.json", "--plot", "sweep.svg", "--csv"));

        Optional<PlotFile> plot = PlotOption.take(args);

        assertEquals(Optional.of(new PlotFile(Path.of("sweep.svg"), PlotFormat.SVG)), plot);
        assertEquals(List.of("run.json", "--csv"), args);
    }

    @Test
    void takesTheValueAfterAnEqualsSign() {
        List<String> args = new ArrayList<>(List.of("--plot=sweep.png", "run.json"));

        assertEquals(PlotFormat.PNG, PlotOption.take(args).orElseThrow().format());
        assertEquals(List.of("run.json"), args);
    }

    @Test
    void withoutTheOptionTheArgumentsStayAsTheyAre() {
        List<String> args = new ArrayList<>(List.of("run.json", "--csv"));

        assertEquals(Optional.empty(), PlotOption.take(args));
        assertEquals(List.of("run.json", "--csv"), args);
    }
}
