package dev.llmbench.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where a CUDA device is usable. Elsewhere it is skipped with the reason (the same
 * one line a user would see), counted for the run's summary ({@link GpuSkips}) — unless the run requires a
 * GPU (configuration parameter {@value #REQUIRED}{@code =true}, which the bundle's {@code gpu-tests} sets):
 * on a GPU host the GPU tests are the point, so there a missing GPU fails every GPU test class.
 */
public final class RequiresGpu implements ExecutionCondition {
    public static final String REQUIRED = "llmbench.gpu.required";
    private static volatile boolean reported;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = GpuFixture.unavailableReason();
        if (reason == null) return ConditionEvaluationResult.enabled("a CUDA device is usable");
        if (context.getConfigurationParameter(REQUIRED, Boolean::parseBoolean).orElse(false)) {
            throw new IllegalStateException(reason + " (this run requires a GPU: " + REQUIRED + "=true)");
        }
        // The class is skipped as a whole, so its methods are never asked about.
        context.getTestClass().filter(c -> context.getTestMethod().isEmpty()).ifPresent(c -> GpuSkips.skipped(c, reason));
        if (!reported) {
            reported = true;
            System.err.println("[gpu tests skipped] " + reason);
        }
        return ConditionEvaluationResult.disabled("GPU test skipped: " + reason);
    }
}
