package dev.llmbench.bench.history;

import dev.llmbench.bench.Checkout;
import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.plot.Pictures;
import dev.llmbench.bench.plot.SvgGroups;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** history --plot on the committed H100 runs, drawn headless. */
class HistoryCommandTest {

    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("history must not need a GPU");
    };

    @TempDir
    Path dir;

    @BeforeAll
    static void drawingIsPossible() {
        Pictures.assumeCanDraw();
    }

    private CommandOutput history(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "history";
        all[1] = "--index";
        all[2] = H100Runs.index(dir).toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CommandOutput.run(NO_GPU_NEEDED, all);
    }

    /** The one ERROR line of a user error, after checking the exit status and that nothing else was printed. */
    private static String error(CommandOutput output) {
        assertEquals(2, output.status(), output.out() + output.err());
        assertEquals("", output.out());
        assertEquals(1, output.err().strip().lines().count(), output.err());
        return output.err().strip();
    }

    @Test
    void svgHasAPanelPerModelWithALinePerConfiguration() throws Exception {
        Path svg = dir.resolve("history.svg");

        CommandOutput result = history("--plot", svg.toString());

        assertEquals(0, result.status(), result.err());
        assertEquals("h100: 12 configuration(s) over 3 commits (5844fc4 to 2b78de5) drawn to " + svg,
                result.out().strip());
        Map<String, Set<String>> lines = Pictures.byPanel(Pictures.svg(svg), SvgGroups.SERIES, SvgGroups.SERIES_KEY);
        assertEquals(Set.of("gpt_350m", "llama_7b"), lines.keySet());
        assertEquals(6, lines.get("gpt_350m").size(), lines.toString());
        assertEquals(6, lines.get("llama_7b").size(), lines.toString());
        assertTrue(lines.get("llama_7b").contains("generate batch 64, 128:20, float16 plugin"), lines.toString());
    }

    @Test
    void pngStacksOneChartPerModel() throws Exception {
        Path png = dir.resolve("history.png");

        assertEquals(0, history("--plot", png.toString(), "--model", "llama_7b").status());
        BufferedImage one = Pictures.png(png);
        assertEquals(0, history("--plot", png.toString()).status());
        BufferedImage two = Pictures.png(png);

        assertEquals(HistoryPlot.WIDTH, two.getWidth());
        assertEquals(HistoryPlot.CHART_HEIGHT, one.getHeight());
        assertEquals(2 * HistoryPlot.CHART_HEIGHT, two.getHeight());
        assertTrue(Files.size(png) > 20_000, "a blank picture compresses to a few KiB: " + Files.size(png));
    }

    @Test
    void anUnknownModelIsOneLineListingTheModels() {
        assertEquals("ERROR: no run of h100 in " + dir.resolve("h100-index.json") + " has model gpt_9b;"
                + " it has gpt_350m, llama_7b",
                error(history("--plot", dir.resolve("h.png").toString(), "--model", "gpt_9b")));
    }

    @Test
    void withoutPlotItSaysWhatItNeeds() {
        assertEquals("ERROR: history draws a picture: give --plot OUT.png|OUT.svg; usage: " + HistoryCommand.USAGE,
                error(history()));
    }

    /** An index of the committed 2b78de5 gpt_350m run, listed once per GPU named. */
    private Path indexOfOneRun(String... gpus) throws IOException {
        Path results = Checkout.file("jmh-results/h100/2026-11-27-2b78de5-trt-gpt_350m.json");
        List<String> runs = new ArrayList<>();
        for (String gpu : gpus) {
            runs.add("{\"order\": 1, \"commit\": \"2b78de5\", \"date\": \"2026-11-27\", \"gpu\": \"" + gpu + "\","
                    + " \"file\": \"" + results + "\"}");
        }
        return Files.writeString(dir.resolve("index.json"), "{\"runs\": [" + String.join(",", runs) + "]}");
    }

    @Test
    void anIndexOfSeveralGpusNeedsGpu() throws IOException {
        Path index = indexOfOneRun("h100", "a100");

        String message = error(CommandOutput.run(NO_GPU_NEEDED, "history", "--index", index.toString(),
                "--plot", dir.resolve("h.png").toString()));

        assertEquals("ERROR: " + index + " has runs of a100, h100: choose one with --gpu", message);
    }

    @Test
    void oneCommitIsNothingToPlot() throws IOException {
        Path index = indexOfOneRun("h100");

        String message = error(CommandOutput.run(NO_GPU_NEEDED, "history", "--index", index.toString(),
                "--plot", dir.resolve("h.png").toString()));

        assertEquals("ERROR: nothing to plot: no configuration of h100 was measured at two commits or more", message);
    }
}
