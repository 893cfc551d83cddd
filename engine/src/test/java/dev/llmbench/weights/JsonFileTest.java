package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A malformed checkpoint JSON file is one line naming the file and where it goes wrong. */
class JsonFileTest {

    @Test
    void aMalformedFileIsOneLineWithItsLocation(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\n  \"hidden_size\": 64,\n}\n");
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> JsonFile.read(config));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot read " + config + ": Unexpected character ('}'"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at line 3, column 1"), e.getMessage());
    }

    @Test
    void aMissingFileNamesIt(@TempDir Path dir) {
        Path absent = dir.resolve("model.safetensors.index.json");
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> JsonFile.read(absent));
        assertTrue(e.getMessage().startsWith("cannot read " + absent + ": "), e.getMessage());
    }
}
