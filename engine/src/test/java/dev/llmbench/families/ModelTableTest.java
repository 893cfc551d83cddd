package dev.llmbench.families;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/models.md is the registry rendered by {@link ModelTable}. With {@code -Dllmbench.writeModelTable=true}
 * the test writes the page instead of checking it (the command is at the top of the page).
 */
class ModelTableTest {

    @Test
    void committedPageIsTheRegistryRendered() throws IOException {
        Optional<Path> root = repositoryRoot();
        // The test jar also runs from a copied bundle, where there is no checkout to compare with.
        Assumptions.assumeTrue(root.isPresent(), "no repository checkout above " + Path.of("").toAbsolutePath());
        String rendered = ModelTable.render();
        Path file = root.get().resolve(ModelTable.FILE);
        if (Boolean.getBoolean(ModelTable.WRITE_PROPERTY)) {
            ModelTable.write(root.get());
            System.out.println("[model table] wrote " + file);
            return;
        }
        if (!Files.exists(file)) {
            fail(ModelTable.FILE + " is missing; write it from the repository root with: " + ModelTable.REGENERATE);
        }
        String committed = Files.readString(file);
        if (!committed.equals(rendered)) {
            fail(ModelTable.FILE + " differs from ModelRegistry (" + firstDifference(committed, rendered)
                    + "); if the registry change is intended, rewrite the page from the repository root with: "
                    + ModelTable.REGENERATE);
        }
    }

    @Test
    void everyRegistryNameHasExactlyOneRow() {
        List<String> lines = ModelTable.render().lines().toList();
        for (String name : ModelRegistry.names()) {
            long rows = lines.stream().filter(line -> line.startsWith("| `" + name + "` |")).count();
            assertEquals(1, rows, name);
        }
    }

    @Test
    void runsTodayFollowsTheRegistryAndRefusesQuantizedRows() {
        assertEquals("yes", ModelTable.runsToday("gpt_350m"));
        assertEquals("yes", ModelTable.runsToday("llama_70b_long_context"));
        assertEquals("no: family glm is not supported yet", ModelTable.runsToday("glm_10b"));
        assertEquals("yes", ModelTable.runsToday("chatglm_6b"));
        assertEquals("yes", ModelTable.runsToday("gptj_6b"));
        assertEquals("yes", ModelTable.runsToday("mixtral_8x7b"));
        assertEquals("no: quantization int8_sq_per_tensor is not supported yet; its unquantized architecture runs as gpt_350m",
                ModelTable.runsToday("gpt_350m_sq_per_tensor"));
        for (String name : ModelRegistry.names()) {
            String runs = ModelTable.runsToday(name);
            boolean family = Families.implemented(ModelRegistry.get(name).family());
            assertTrue(family || runs.startsWith("no: "), name + ": " + runs);
        }
    }

    @Test
    void cellsSpellTheArchitecture() {
        assertEquals("learned, offset 2", ModelTable.positions(ModelRegistry.get("opt_350m")));
        assertEquals("rotary gptj 64/256, base 10000", ModelTable.positions(ModelRegistry.get("gptj_6b")));
        assertEquals("rotary neox 128/128, base 1000000", ModelTable.positions(ModelRegistry.get("mixtral_8x7b")));
        assertEquals("alibi", ModelTable.positions(ModelRegistry.get("bloom_560m")));
        assertEquals("RMSNorm 1e-6", ModelTable.norm(ModelRegistry.get("llama_7b")));
        assertEquals("LayerNorm 1e-12", ModelTable.norm(ModelRegistry.get("bert_base")));
        assertEquals("post-norm, bias, tied head", ModelTable.block(ModelRegistry.get("opt_350m")));
        assertEquals("parallel attn+MLP, two norms, bias, own head", ModelTable.block(ModelRegistry.get("gptneox_20b")));
        assertEquals("pre-norm, no bias, own head", ModelTable.block(ModelRegistry.get("llama_70b")));
        assertEquals("parallel attn+MLP, one norm, bias: MLP, LM head, own head", ModelTable.block(ModelRegistry.get("gptj_6b")));
        assertEquals("pre-norm, no bias, own head, 8 experts, top-2", ModelTable.block(ModelRegistry.get("mixtral_8x7b")));
    }

    /** The nearest directory, from the working directory up, that holds the parent pom and the engine module. */
    private static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("engine/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static String firstDifference(String committed, String rendered) {
        List<String> a = committed.lines().toList();
        List<String> b = rendered.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String was = i < a.size() ? a.get(i) : "<end of file>";
            String now = i < b.size() ? b.get(i) : "<end of file>";
            if (!was.equals(now)) {
                return "first difference at line " + (i + 1) + ": committed '" + was + "', rendered '" + now + "'";
            }
        }
        return "line endings differ";
    }
}
