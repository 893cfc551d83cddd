package dev.llmbench.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.model.Precision;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class AccuracyLimitTest {

    @Test
    void lowPrecisionLimitIsTheFloorOrAQuarterAboveHuggingFacesOwnError() throws Exception {
        var fixture = new ObjectMapper().readTree("{\"hf_low_precision_error\": {\"float16\": 0.004, \"bfloat16\": 0.02}}");
        assertEquals(1e-4, AccuracyLimit.of(Precision.FLOAT32, fixture));
        assertEquals(2e-2, AccuracyLimit.of(Precision.FLOAT16, fixture));
        assertEquals(0.025, AccuracyLimit.of(Precision.BFLOAT16, fixture), 1e-12);
    }

    @Test
    void aFixtureWithoutHuggingFacesOwnErrorIsRefused() throws Exception {
        var fixture = new ObjectMapper().readTree("{\"first_logits\": []}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AccuracyLimit.of(Precision.FLOAT16, fixture));
        assertTrue(e.getMessage().contains("make_goldens"), e.getMessage());
    }

    @Test
    void everyFixtureRecordsHuggingFacesOwnErrorInBothLowPrecisions() throws Exception {
        for (Path dir : Goldens.directories()) {
            Golden golden = Golden.read(dir);
            for (Precision p : new Precision[] {Precision.FLOAT16, Precision.BFLOAT16}) {
                double limit = golden.engineLimit(p);
                assertTrue(limit >= 2e-2 && limit < 0.1, golden.name() + " " + p.id() + ": limit " + limit);
            }
        }
    }
}
