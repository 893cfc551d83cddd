package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeadlessAwtTest {

    @Test
    void aRuntimeWithoutTheDesktopModuleIsOneLineNamingIt() {
        LlmbenchException error = assertThrows(LlmbenchException.class, () -> HeadlessAwt.require(ModuleLayer.empty()));

        assertEquals("--plot needs the java.desktop module, which this Java runtime lacks (the bundle's runtime"
                + " leaves it out): plot with a full JDK, java -jar target/benchmarks.jar", error.getMessage());
    }
}
