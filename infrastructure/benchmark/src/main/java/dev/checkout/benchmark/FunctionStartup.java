package dev.checkout.benchmark;

import dev.checkout.benchmark.probe.HandlerProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Init and first invoke of a function in fresh JVMs: each run starts {@code java -cp <function
 * jar>:<probe classes> HandlerProbe} with only the function's environment, so nothing of the
 * benchmark's own class path leaks in, and reads the probe's figures from its output.
 */
final class FunctionStartup {
    private static final String PROBE_PACKAGE = HandlerProbe.class.getPackageName().replace('.', '/') + "/";

    /** A function to start: its deployable jar, handler class, the event to invoke and its environment. */
    record Subject(String name, Path jar, String handlerClass, Path event, Map<String, String> environment) {
    }

    /** One fresh JVM: the probe's timings, the JVM's loaded classes, and the whole process's wall time. */
    record Run(long initNanos, long firstInvokeNanos, long processNanos, long classesAfterFirst, List<Long> warmNanos, boolean ok) {
    }

    /** All runs of one subject under one set of JVM options. */
    record Result(String name, String variant, List<String> jvmOptions, List<Run> runs) {
        Stats initMs() {
            return Stats.of(runs.stream().map(r -> r.initNanos() / 1e6).toList());
        }

        Stats firstInvokeMs() {
            return Stats.of(runs.stream().map(r -> r.firstInvokeNanos() / 1e6).toList());
        }

        Stats initPlusFirstMs() {
            return Stats.of(runs.stream().map(r -> (r.initNanos() + r.firstInvokeNanos()) / 1e6).toList());
        }

        Stats processMs() {
            return Stats.of(runs.stream().map(r -> r.processNanos() / 1e6).toList());
        }

        Stats loadedClasses() {
            return Stats.of(runs.stream().map(Run::classesAfterFirst).toList());
        }

        Stats warmMs() {
            return Stats.of(runs.stream().flatMap(r -> r.warmNanos().stream()).map(n -> n / 1e6).toList());
        }

        boolean allOk() {
            return runs.stream().allMatch(Run::ok);
        }
    }

    private final Path probeClasses;
    private final Path logDir;
    private final String javaExecutable;

    FunctionStartup(Path workDir) {
        this.probeClasses = workDir.resolve("probe-classes");
        this.logDir = workDir.resolve("probe-logs");
        this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(logDir);
            extractProbe();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result measure(Subject subject, String variant, List<String> jvmOptions, int runs, int warmInvokes) {
        var results = new ArrayList<Run>();
        for (int i = 0; i < runs; i++) {
            results.add(runOnce(subject, variant, jvmOptions, warmInvokes, i));
        }
        return new Result(subject.name(), variant, jvmOptions, results);
    }

    private Run runOnce(Subject subject, String variant, List<String> jvmOptions, int warmInvokes, int index) {
        var command = new ArrayList<String>();
        command.add(javaExecutable);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(subject.jar() + java.io.File.pathSeparator + probeClasses);
        command.add(HandlerProbe.class.getName());
        command.add(subject.handlerClass());
        command.add(subject.event().toString());
        command.add(Integer.toString(warmInvokes));
        var builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(subject.environment());
        Path stdout = logDir.resolve(subject.name() + "-" + variant + "-" + index + ".out");
        Path stderr = logDir.resolve(subject.name() + "-" + variant + "-" + index + ".err");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            boolean finished = process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
            long processNanos = System.nanoTime() - started;
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException(subject.name() + ": the probe did not finish in 120 s; see " + stderr);
            }
            Optional<String> probeLine = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("PROBE ")).findFirst();
            if (probeLine.isEmpty()) {
                throw new IllegalStateException(subject.name() + ": the probe printed no figures (exit " + process.exitValue() + "); "
                        + stderr + " ends with:\n" + tail(stderr));
            }
            return parse(probeLine.get(), processNanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Run parse(String line, long processNanos) {
        var fields = new HashMap<String, String>();
        for (String pair : line.substring("PROBE ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String warm = fields.getOrDefault("warmNanos", "");
        List<Long> warmNanos = warm.isEmpty() ? List.of() : Arrays.stream(warm.split(",")).map(Long::parseLong).toList();
        return new Run(Long.parseLong(fields.get("initNanos")), Long.parseLong(fields.get("firstInvokeNanos")), processNanos,
                Long.parseLong(fields.get("classesAfterFirst")), warmNanos, Boolean.parseBoolean(fields.get("statusOk")));
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Copies the probe's classes (and nothing else of the benchmark) into a directory of their own. */
    private void extractProbe() throws IOException {
        Files.createDirectories(probeClasses.resolve(PROBE_PACKAGE));
        Path source;
        try {
            source = Path.of(HandlerProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source.resolve(PROBE_PACKAGE))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    Files.copy(file, probeClasses.resolve(PROBE_PACKAGE).resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (var entry : jar.stream().filter(e -> e.getName().startsWith(PROBE_PACKAGE) && e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, probeClasses.resolve(entry.getName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
