package dev.llmbench.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where a CUDA device is usable; elsewhere it is skipped with the reason (the
 * same one line a user would see), printed once so a CI log says why GPU tests did not run.
 */
public final class RequiresGpu implements ExecutionCondition {
    private static volatile boolean reported;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = GpuFixture.unavailableReason();
        if (reason == null) return ConditionEvaluationResult.enabled("a CUDA device is usable");
        if (!reported) {
            reported = true;
            System.err.println("[gpu tests skipped] " + reason);
        }
        return ConditionEvaluationResult.disabled("GPU test skipped: " + reason);
    }
}
