package dev.checkout.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How much the benchmark measures. {@link #defaults} is the documented run; {@link #smoke} is the
 * tiny budget the build's smoke test uses.
 *
 * @param functions     functions (template logical ids) to start in fresh JVMs (empty: all); jar sizes cover all
 * @param templateOnly  only the template's JVM options, not the JVM's defaults as well
 */
record BenchmarkConfig(
        int runs,
        int warmInvokes,
        int costCheckouts,
        List<Integer> clientCounts,
        int throughputCheckouts,
        Duration throughputDuration,
        Set<String> functions,
        boolean templateOnly,
        Path output) {

    static BenchmarkConfig defaults(Path projectDir) {
        return new BenchmarkConfig(10, 30, 20, List.of(1, 4, 16), 300, Duration.ofSeconds(30), Set.of(), false,
                projectDir.resolve("infrastructure/benchmark/target/benchmark.json"));
    }

    static BenchmarkConfig smoke(Path output) {
        return new BenchmarkConfig(1, 1, 1, List.of(1), 1, Duration.ofSeconds(30), Set.of(Benchmark.ORDERS_API), true, output);
    }

    static BenchmarkConfig parse(String[] args, Path projectDir) {
        BenchmarkConfig c = defaults(projectDir);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            c = switch (name) {
                case "--runs" -> new BenchmarkConfig(Integer.parseInt(value), c.warmInvokes, c.costCheckouts, c.clientCounts, c.throughputCheckouts,
                        c.throughputDuration, c.functions, c.templateOnly, c.output);
                case "--warm" -> new BenchmarkConfig(c.runs, Integer.parseInt(value), c.costCheckouts, c.clientCounts, c.throughputCheckouts,
                        c.throughputDuration, c.functions, c.templateOnly, c.output);
                case "--checkouts" -> new BenchmarkConfig(c.runs, c.warmInvokes, Integer.parseInt(value), c.clientCounts, c.throughputCheckouts,
                        c.throughputDuration, c.functions, c.templateOnly, c.output);
                case "--throughput-checkouts" -> new BenchmarkConfig(c.runs, c.warmInvokes, c.costCheckouts, c.clientCounts, Integer.parseInt(value),
                        c.throughputDuration, c.functions, c.templateOnly, c.output);
                case "--throughput-seconds" -> new BenchmarkConfig(c.runs, c.warmInvokes, c.costCheckouts, c.clientCounts, c.throughputCheckouts,
                        Duration.ofSeconds(Long.parseLong(value)), c.functions, c.templateOnly, c.output);
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            };
        }
        if (c.runs < 1 || c.costCheckouts < 1 || c.throughputCheckouts < 1 || c.warmInvokes < 0) {
            throw new IllegalArgumentException("runs, checkouts and throughput-checkouts must be at least 1\n" + usage());
        }
        return c;
    }

    static String usage() {
        return """
                usage: java -jar infrastructure/benchmark/target/benchmark.jar [options]   (from the project directory)
                  --runs=10                   fresh JVMs per function and JVM option set
                  --warm=30                   warm invokes after the first, per fresh JVM
                  --checkouts=20              sequential happy-path checkouts metered for the cost figures
                  --throughput-checkouts=300  checkouts per concurrency level (1, 4, 16 clients), at most
                  --throughput-seconds=30     time per concurrency level, at most
                """;
    }
}
