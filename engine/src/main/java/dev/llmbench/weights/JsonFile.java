package dev.llmbench.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.LlmbenchException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON files of a checkpoint (config.json, the safetensors index). Jackson's message about a
 * malformed file ends in a second line with the location; the user gets one line naming the file.
 */
public final class JsonFile {
    private JsonFile() {
    }

    public static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new LlmbenchException("cannot read " + file + ": " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new LlmbenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
