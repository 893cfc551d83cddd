package dev.llmbench.bench.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.bench.CommandOutput;
import dev.llmbench.gpu.GpuCheck;
import dev.llmbench.reference.Goldens;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The generate command on a Hugging Face golden checkpoint prints Hugging Face's greedy tokens and its logits. */
@GpuTest
class GenerateGpuTest {

    @Test
    void generateOnAGoldenCheckpointPrintsItsTokensAndWritesItsLogits(@TempDir Path tmp) throws Exception {
        Path dir = Goldens.directories().stream().filter(d -> d.getFileName().toString().equals("gpt2")).findFirst().orElseThrow();
        JsonNode golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        StringBuilder ids = new StringBuilder();
        for (JsonNode prompt : golden.get("prompts")) {
            if (ids.length() > 0) ids.append(';');
            StringBuilder p = new StringBuilder();
            for (JsonNode id : prompt) p.append(p.length() == 0 ? "" : ",").append(id.asInt());
            ids.append(p);
        }
        Path npy = tmp.resolve("logits.npy");
        CommandOutput r = CommandOutput.run(GpuCheck::requireDevice, "generate", "--checkpoint", dir.toString(), "--input-ids",
                ids.toString(), "--output-len", golden.get("output_len").asText(), "--dtype", "float32", "--logits-out", npy.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.outLines();
        JsonNode tokens = golden.get("greedy_tokens");
        assertEquals(tokens.size(), lines.size(), r.out());
        for (int b = 0; b < tokens.size(); b++) {
            StringBuilder want = new StringBuilder();
            for (JsonNode t : tokens.get(b)) want.append(want.length() == 0 ? "" : " ").append(t.asInt());
            assertEquals(want.toString(), lines.get(b), "sequence " + b);
        }
        byte[] bytes = Files.readAllBytes(npy);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, bytes.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
        JsonNode logits = golden.get("first_logits");
        double num = 0, den = 0;
        for (JsonNode row : logits) {
            for (JsonNode v : row) {
                double d = data.getFloat() - v.asDouble();
                num += d * d;
                den += v.asDouble() * v.asDouble();
            }
        }
        assertFalse(data.hasRemaining(), "logits file holds [batch, vocab] floats");
        assertTrue(Math.sqrt(num / den) <= 1e-4, "relative error " + Math.sqrt(num / den));
    }
}
