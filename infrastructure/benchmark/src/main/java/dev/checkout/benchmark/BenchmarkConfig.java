package dev.checkout.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How much the benchmark measures. {@link #defaults} is the documented run; {@link #smoke} is the
 * tiny budget the build's smoke test uses.
 *
 * @param functions     functions (template logical ids) to start in fresh JVMs (empty: all); jar sizes cover all
 * @param templateOnly  only the template's JVM options, not the JVM's defaults as well
 * @param startupOnly   jar sizes and fresh-JVM starts only: no cost or throughput figures
 * @param flashSaleOnly only the flash sale through the local cloud ({@link LocalFlashSale})
 * @param flashSale     the flash sale through the local cloud after the throughput (about 9 minutes)
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
        boolean startupOnly,
        boolean flashSaleOnly,
        boolean flashSale,
        Path output) {

    static BenchmarkConfig defaults(Path projectDir) {
        return new BenchmarkConfig(10, 30, 20, List.of(1, 4, 16), 300, Duration.ofSeconds(30), Set.of(), false, false, false, true,
                projectDir.resolve("infrastructure/benchmark/target/benchmark.json"));
    }

    static BenchmarkConfig smoke(Path output) {
        return new BenchmarkConfig(1, 1, 1, List.of(1), 1, Duration.ofSeconds(30), Set.of(Benchmark.ORDERS_API), true, false, false, false, output);
    }

    static BenchmarkConfig parse(String[] args, Path projectDir) {
        BenchmarkConfig c = defaults(projectDir);
        int runs = c.runs;
        int warm = c.warmInvokes;
        int checkouts = c.costCheckouts;
        int throughputCheckouts = c.throughputCheckouts;
        Duration throughputDuration = c.throughputDuration;
        Set<String> functions = c.functions;
        boolean templateOnly = c.templateOnly;
        boolean startupOnly = c.startupOnly;
        boolean flashSaleOnly = c.flashSaleOnly;
        boolean flashSale = c.flashSale;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warm" -> warm = Integer.parseInt(value);
                case "--checkouts" -> checkouts = Integer.parseInt(value);
                case "--throughput-checkouts" -> throughputCheckouts = Integer.parseInt(value);
                case "--throughput-seconds" -> throughputDuration = Duration.ofSeconds(Long.parseLong(value));
                case "--functions" -> functions = new LinkedHashSet<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
                case "--template-only" -> templateOnly = true;
                case "--startup-only" -> startupOnly = true;
                case "--flash-sale-only" -> flashSaleOnly = true;
                case "--no-flash-sale" -> flashSale = false;
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        if (runs < 1 || checkouts < 1 || throughputCheckouts < 1 || warm < 0) {
            throw new IllegalArgumentException("runs, checkouts and throughput-checkouts must be at least 1\n" + usage());
        }
        return new BenchmarkConfig(runs, warm, checkouts, c.clientCounts, throughputCheckouts, throughputDuration, Set.copyOf(functions),
                templateOnly, startupOnly, flashSaleOnly, flashSale, c.output);
    }

    static String usage() {
        return """
                usage: java -jar infrastructure/benchmark/target/benchmark.jar [options]   (from the project directory)
                  --runs=10                   fresh JVMs per function and JVM option set (interleaved across functions)
                  --warm=30                   warm invokes after the first, per fresh JVM
                  --functions=A,B             only these functions (template logical ids) in fresh JVMs; the baseline always
                  --template-only             only the template's JVM options, not the JVM's defaults as well
                  --startup-only              jar sizes and fresh-JVM starts only, no cost or throughput
                  --flash-sale-only           only the flash sale through the local cloud with DynamoDB's item limits on
                  --no-flash-sale             leave the flash sale out of a full run
                  --checkouts=20              sequential happy-path checkouts metered for the cost figures
                  --throughput-checkouts=300  checkouts per concurrency level (1, 4, 16 clients), at most
                  --throughput-seconds=30     time per concurrency level, at most
                """;
    }
}
