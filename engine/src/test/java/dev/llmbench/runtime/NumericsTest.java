package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import dev.llmbench.model.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NumericsTest {

    @Test
    void aPrecisionStoresEverythingInOneType() {
        assertEquals(new Numerics(DType.BF16, DType.BF16, DType.BF16), Numerics.of(Precision.BFLOAT16));
        assertEquals(DType.F32, Numerics.of(Precision.FLOAT32).uniform());
    }

    /** The kernels take one storage type throughout: a mixed value is refused, not run in one of its types. */
    @Test
    void aMixedValueIsRefusedByTheEngine() {
        LlmbenchException e = assertThrows(LlmbenchException.class,
                () -> new Numerics(DType.F16, DType.F16, DType.BF16).uniform());
        assertEquals("activations F16, weights F16 and KV cache BF16 in different types are not implemented yet", e.getMessage());
    }
}
