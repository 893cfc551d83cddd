package dev.llmbench.bench.history;

import java.nio.file.Path;

/**
 * One JMH JSON file of jmh-results as its index lists it.
 *
 * @param order  the commit's place in the history, 1 first; the runs of one commit share it
 * @param commit the measured commit, {@code git rev-parse --short=7}
 * @param date   the day of the run, {@code YYYY-MM-DD}
 * @param gpu    the folder of the GPU model, e.g. {@code h100}; runs of different GPUs are never compared
 * @param file   the JSON file, resolved against the index's folder
 */
public record IndexedRun(int order, String commit, String date, String gpu, Path file) {
}
