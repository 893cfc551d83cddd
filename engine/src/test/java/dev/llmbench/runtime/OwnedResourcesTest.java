package dev.llmbench.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OwnedResourcesTest {

    @Test
    void closesLastMadeFirstAndEveryOneDespiteAFailureThenThrowsTheFirst() {
        List<String> closed = new ArrayList<>();
        OwnedResources owned = new OwnedResources();
        owned.own(() -> closed.add("stream"));
        owned.own(() -> {
            closed.add("arena");
            throw new IllegalStateException("arena failed");
        });
        owned.own(() -> {
            closed.add("graph");
            throw new Exception("graph failed");
        });
        RuntimeException e = assertThrows(RuntimeException.class, owned::close);
        assertEquals(List.of("graph", "arena", "stream"), closed);
        assertEquals("graph failed", e.getCause().getMessage());
        owned.close(); // nothing left to close
        assertEquals(3, closed.size());
    }
}
