package dev.llmbench.gpu;

import dev.llmbench.cuda.Nvml;

/**
 * Samples NVML in a background thread over an interval (an iteration of a benchmark): mean power and SM
 * clock, energy from the driver's cumulative counter, memory in use at the end.
 */
public final class GpuTelemetry {
    private final Nvml nvml;

    private GpuTelemetry(Nvml nvml) {
        this.nvml = nvml;
    }

    public static GpuTelemetry forDevice(int ordinal) {
        return new GpuTelemetry(new Nvml(ordinal));
    }

    public Sampling startSampling(int periodMillis) {
        return new Sampling(periodMillis);
    }

    /** Means over the samples; energy over the whole interval. */
    public record Summary(double meanPowerWatts, double meanSmClockMhz, double energyJoules, long memoryUsedBytes) {
    }

    public final class Sampling {
        private final Thread thread;
        private final double startEnergy;
        private volatile boolean running = true;
        private double powerSum;
        private double clockSum;
        private long samples;

        private Sampling(int periodMillis) {
            startEnergy = nvml.totalEnergyJoules();
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "llmbench-nvml-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized void sample() {
            powerSum += nvml.powerWatts();
            clockSum += nvml.smClockMhz();
            samples++;
        }

        public Summary stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample();
            synchronized (this) {
                return new Summary(powerSum / samples, clockSum / samples, nvml.totalEnergyJoules() - startEnergy,
                        nvml.memoryUsedBytes());
            }
        }
    }
}
