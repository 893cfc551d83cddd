package dev.llmbench.bench.params;

import dev.llmbench.LlmbenchException;

/**
 * A combination of parameters the model does not allow (a batch or lengths beyond its limits), met when
 * a JMH sweep's cross product reaches it. Like TensorRT-LLM's suite, the run goes on without it and says
 * so; unlike a failure, it does not fail the run.
 */
public final class SkippedTrial extends LlmbenchException {
    public SkippedTrial(String message) {
        super(message);
    }
}
