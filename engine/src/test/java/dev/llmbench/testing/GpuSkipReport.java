package dev.llmbench.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints {@link GpuSkips#summary()} when the test plan ends (registered through
 * META-INF/services, so Maven's Surefire and the bundle's JUnit console launcher both load it).
 */
public final class GpuSkipReport implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String summary = GpuSkips.summary();
        if (summary != null) System.err.println(summary);
    }
}
