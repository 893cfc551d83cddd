package dev.llmbench.bench.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines of the history, from the committed H100 runs of jmh-results. */
class HistoryTest {
    @TempDir
    Path dir;

    private History committed() {
        return History.of(ResultsIndex.read(H100Runs.index(dir)).runs());
    }

    @Test
    void commitsFollowTheIndexsOrder() {
        assertEquals(List.of("5844fc4", "a490751", "2b78de5"), committed().commits());
    }

    @Test
    void onlyConfigurationsMeasuredAtTwoCommitsMakeLines() {
        History all = committed();
        History steps = all.steps(Set.of());

        // contextPhase and generationStep ran at 5844fc4 only.
        assertTrue(all.lines().keySet().stream().anyMatch(c -> c.method().equals("contextPhase")));
        assertTrue(steps.lines().keySet().stream().allMatch(c -> c.method().equals("generate")));
        // gpt_350m: 3 batch sizes × 2 length pairs at three commits; llama_7b: the same at two.
        assertEquals(12, steps.lines().size());
        steps.lines().values().forEach(
                points -> assertTrue(points.stream().map(History.Point::commit).distinct().count() >= 2));
    }

    @Test
    void aModelFilterKeepsThatModelsLines() {
        History llama = committed().steps(Set.of("llama_7b"));

        assertEquals(Set.of("llama_7b"), llama.models());
        assertEquals(6, llama.lines().size());
    }

    @Test
    void pointsAreTheScoreInMillisecondsWithItsError() {
        Configuration gptBatch1 = new Configuration("generate", "gpt_350m", "float16", "plugin", "1", "60:20");
        List<History.Point> points = committed().lines().get(gptBatch1);

        // 5844fc4 has it in two files (default and trt), then a490751 and 2b78de5.
        assertEquals(List.of(0, 0, 1, 2), points.stream().map(History.Point::commit).toList());
        History.Point last = points.get(3);
        assertEquals(19.84691367320262, last.millis(), 1e-12);
        assertEquals(19.84691367320262 - 0.1980206931839354, last.low(), 1e-12);
        assertEquals(19.84691367320262 + 0.1980206931839354, last.high(), 1e-12);
    }
}
