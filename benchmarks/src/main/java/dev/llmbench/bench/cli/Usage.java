package dev.llmbench.bench.cli;

import dev.llmbench.bench.command.Command;
import java.io.PrintStream;
import java.util.List;

/** Our part of {@code -h}: the subcommands and the TensorRT-LLM style flags. JMH's own table follows it. */
final class Usage {

    private static final String JAR = "java -jar target/benchmarks.jar";

    private Usage() {
    }

    static void print(List<Command> commands, PrintStream out) {
        out.println("llmbench: JMH benchmarks of transformer inference on NVIDIA GPUs");
        out.println();
        out.println("Usage:");
        out.println("  " + JAR + " [JMH options] [benchmark regexp...]");
        out.println("  " + JAR + " -m MODEL [TensorRT-LLM style flags] [JMH options]");
        for (Command command : commands) {
            out.println("  " + JAR + " " + command.usage());
        }
        out.println();
        out.println("TensorRT-LLM style flags run DecoderBenchmark.generate over every combination and print");
        out.println("one [BENCHMARK] line per combination:");
        for (TrtFlag flag : TrtFlag.values()) {
            out.printf("  %-40s %s%n", flag.synopsis(), flag.help);
        }
        out.println();
        out.println("JMH options:");
    }
}
