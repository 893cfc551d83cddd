package dev.llmbench.reference;

import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.runtime.Numerics;
import dev.llmbench.weights.Quantizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What weight-only quantization costs in accuracy, printed for each golden decoder: the CPU reference on the
 * quantized-then-dequantized weights (round to nearest, float16 scales: the weights a weight-only engine
 * computes with) against Hugging Face's fp32 logits. The numbers are information, not limits; what is held is
 * their order, which a broken quantizer would upset: int8 per channel closer than int4 per channel.
 */
class QuantizedReferenceTest {

    @TestFactory
    Stream<DynamicTest> weightOnlyQuantizationCost() {
        List<Path> goldens = Goldens.directories();
        return goldens.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws Exception {
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        double int8 = error(golden, checkpoint, Quantization.INT8_WEIGHT_ONLY);
        double int4 = error(golden, checkpoint, Quantization.INT4_WEIGHT_ONLY);
        System.out.printf("[quantized] %s reference vs Hugging Face fp32: int8_weight_only %.3g, int4_weight_only %.3g%n",
                golden.name(), int8, int4);
        assertTrue(int8 < int4, golden.name() + ": int8 per channel (" + int8 + ") should be closer than int4 (" + int4 + ")");
    }

    private static double error(Golden golden, HfCheckpoint checkpoint, Quantization q) {
        var weights = Quantizer.weightOnly(checkpoint.weights(), Numerics.of(Precision.FLOAT16, q).weights());
        GenerateResult result = new ReferenceModel(checkpoint.config(), weights).generate(golden.prompts(), 1);
        return Compare.relativeError(result.firstLogits(), golden.firstLogits());
    }
}
