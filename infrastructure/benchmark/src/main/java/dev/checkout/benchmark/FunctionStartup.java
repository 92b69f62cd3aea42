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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Init and first invoke of a function in fresh JVMs: each run starts {@code java -cp <function
 * package>:<probe classes> HandlerProbe} with only the function's environment, so nothing of the
 * benchmark's own class path leaks in, and reads the probe's figures from its output.
 *
 * <p>The function package is its jar unzipped into a directory of its own, as Lambda unzips a
 * deployment package into {@code /var/task} and loads the classes from there: reading classes out
 * of a compressed jar costs time that a function on Lambda never spends.
 *
 * <p>Runs are interleaved: run 1 of every subject and option set, then run 2 of each, and so on, so
 * that a slower stretch of a shared machine falls on all of them alike instead of on whichever
 * subject happened to be measured then.
 */
final class FunctionStartup {
    private static final String PROBE_PACKAGE = HandlerProbe.class.getPackageName().replace('.', '/') + "/";

    /**
     * A function to start: its deployable jar, handler class, the event to invoke and its environment.
     * The event is asked for before every run, so that what ages (a webhook's signed timestamp) is fresh.
     */
    record Subject(String name, Path jar, String handlerClass, Supplier<String> event, Map<String, String> environment) {
    }

    /** One subject under one set of JVM options. */
    record Variant(String name, List<String> jvmOptions) {
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

        /**
         * This subject's init plus first invoke over {@code other}'s, round by round: both ran in the same
         * round of the interleaving, so drift of the machine between rounds cancels out.
         */
        Stats initPlusFirstRatioPerRound(Result other) {
            int rounds = Math.min(runs.size(), other.runs().size());
            var ratios = new ArrayList<Double>();
            for (int i = 0; i < rounds; i++) {
                Run mine = runs.get(i);
                Run theirs = other.runs().get(i);
                ratios.add((double) (mine.initNanos() + mine.firstInvokeNanos()) / (theirs.initNanos() + theirs.firstInvokeNanos()));
            }
            return Stats.of(ratios);
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
    private final Path packagesDir;
    private final Path logDir;
    private final String javaExecutable;
    private final Map<Path, Path> packages = new HashMap<>();

    FunctionStartup(Path workDir) {
        this.probeClasses = workDir.resolve("probe-classes");
        this.packagesDir = workDir.resolve("packages");
        this.logDir = workDir.resolve("probe-logs");
        this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(logDir);
            extractProbe();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code runs} fresh JVMs of every subject under every variant, interleaved (see the class
     * comment). Results by subject name, then by variant name, in the order given.
     */
    Map<String, Map<String, Result>> measure(List<Subject> subjects, List<Variant> variants, int runs, int warmInvokes) {
        var runsBySubject = new LinkedHashMap<String, Map<String, List<Run>>>();
        for (Subject subject : subjects) {
            var byVariant = new LinkedHashMap<String, List<Run>>();
            variants.forEach(v -> byVariant.put(v.name(), new ArrayList<>()));
            runsBySubject.put(subject.name(), byVariant);
        }
        for (int i = 0; i < runs; i++) {
            for (Subject subject : subjects) {
                for (Variant variant : variants) {
                    runsBySubject.get(subject.name()).get(variant.name()).add(runOnce(subject, variant.name(), variant.jvmOptions(), warmInvokes, i));
                }
            }
        }
        var results = new LinkedHashMap<String, Map<String, Result>>();
        runsBySubject.forEach((subject, byVariant) -> {
            var resultByVariant = new LinkedHashMap<String, Result>();
            for (Variant variant : variants) {
                resultByVariant.put(variant.name(), new Result(subject, variant.name(), variant.jvmOptions(), byVariant.get(variant.name())));
            }
            results.put(subject, resultByVariant);
        });
        return results;
    }

    private Run runOnce(Subject subject, String variant, List<String> jvmOptions, int warmInvokes, int index) {
        var command = new ArrayList<String>();
        command.add(javaExecutable);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(unpacked(subject.jar()) + java.io.File.pathSeparator + probeClasses);
        command.add(HandlerProbe.class.getName());
        command.add(subject.handlerClass());
        command.add(eventFile(subject, variant, index).toString());
        command.add(Integer.toString(warmInvokes));
        var builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(subject.environment());
        Path stdout = log(subject.name(), variant, index, "out");
        Path stderr = log(subject.name(), variant, index, "err");
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

    private Path eventFile(Subject subject, String variant, int index) {
        Path file = log(subject.name(), variant, index, "event.json");
        try {
            Files.writeString(file, subject.event().get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The probe's output of one run: {@code out} (figures and the first answer) or {@code err} (the function's log). */
    Path log(String name, String variant, int index, String stream) {
        return logDir.resolve(name + "-" + variant + "-" + index + "." + stream);
    }

    /** The handler's answer to the first invoke of one run, as the probe printed it. */
    String firstResponse(String name, String variant, int index) {
        try {
            return Files.readAllLines(log(name, variant, index, "out"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("FIRST_RESPONSE ")).map(l -> l.substring("FIRST_RESPONSE ".length()))
                    .findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The jar unzipped into a directory of its own (once per benchmark run), as Lambda unzips a package into /var/task. */
    private synchronized Path unpacked(Path jar) {
        return packages.computeIfAbsent(jar, j -> {
            String name = j.getFileName().toString().replaceFirst("\\.jar$", "");
            Path dir = packagesDir.resolve(name + "-" + packages.size());
            try {
                deleteRecursively(dir);
                Files.createDirectories(dir);
                try (JarFile file = new JarFile(j.toFile())) {
                    for (var entry : file.stream().filter(e -> !e.isDirectory()).toList()) {
                        Path target = dir.resolve(entry.getName()).normalize();
                        if (!target.startsWith(dir)) {
                            throw new IllegalStateException(j + ": entry " + entry.getName() + " points outside the package");
                        }
                        Files.createDirectories(target.getParent());
                        try (InputStream in = file.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return dir;
        });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
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
