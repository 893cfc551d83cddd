package dev.llmbench.bench.generate;

import dev.llmbench.bench.CommandOutput;
import dev.llmbench.gpu.GpuCheck;
import dev.llmbench.reference.Compare;
import dev.llmbench.reference.Golden;
import dev.llmbench.reference.Goldens;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The generate command on a Hugging Face golden checkpoint prints Hugging Face's greedy tokens and its logits. */
@GpuTest
class GenerateGpuTest {

    @Test
    void generateOnAGoldenCheckpointPrintsItsTokensAndWritesItsLogits(@TempDir Path tmp) throws Exception {
        Path dir = Goldens.directories().stream().filter(d -> d.getFileName().toString().equals("gpt2")).findFirst().orElseThrow();
        Golden golden = Golden.read(dir);
        String ids = Arrays.stream(golden.prompts())
                .map(p -> Arrays.stream(p).mapToObj(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
        Path npy = tmp.resolve("logits.npy");
        CommandOutput r = CommandOutput.run(GpuCheck::requireDevice, "generate", "--checkpoint", dir.toString(), "--input-ids",
                ids, "--output-len", String.valueOf(golden.outputLen()), "--dtype", "float32", "--logits-out", npy.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.outLines();
        assertEquals(golden.greedyTokens().length, lines.size(), r.out());
        for (int b = 0; b < golden.greedyTokens().length; b++) {
            String want = Arrays.stream(golden.greedyTokens()[b]).mapToObj(String::valueOf).collect(Collectors.joining(" "));
            assertEquals(want, lines.get(b), "sequence " + b);
        }
        byte[] bytes = Files.readAllBytes(npy);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, bytes.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
        float[][] logits = new float[golden.firstLogits().length][golden.firstLogits()[0].length];
        for (float[] row : logits) for (int v = 0; v < row.length; v++) row[v] = data.getFloat();
        assertFalse(data.hasRemaining(), "logits file holds [batch, vocab] floats");
        double error = Compare.relativeError(logits, golden.firstLogits());
        assertTrue(error <= 1e-4, "relative error " + error);
    }
}
