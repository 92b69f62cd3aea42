package dev.checkout.localstack;

import dev.checkout.local.services.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * LocalStack started by {@code infrastructure/localstack/localstack.sh} (Python runtime from PyPI, DynamoDB
 * Local from Maven Central, no Docker), once per test JVM, on a free loopback port and in this module's
 * {@code target/localstack}; stopped by the script (by its pid) when the JVM exits. Where the script finds
 * no Python 3.13 (its exit status 3) or cannot start LocalStack, {@link #unavailableBecause()} says why and
 * the tier reports itself skipped with that reason. The test class stops it when it is done; a shutdown hook
 * does too, should the JVM end first.
 */
final class LocalStackProcess {
    /** The script's exit status for a missing Python 3.13. */
    private static final int NO_PYTHON = 3;
    private static LocalStackProcess started;

    private final Path script;
    private final Path home;
    private final int port;
    private final String unavailableBecause;

    private LocalStackProcess(Path script, Path home, int port, String unavailableBecause) {
        this.script = script;
        this.home = home;
        this.port = port;
        this.unavailableBecause = unavailableBecause;
    }

    /** The one LocalStack of this JVM, started on first use. */
    static synchronized LocalStackProcess shared() {
        if (started == null) {
            started = start();
        }
        return started;
    }

    private static LocalStackProcess start() {
        Path module = Path.of("").toAbsolutePath();
        Path script = module.resolve("localstack.sh");
        // Its own home (pid file, log, state), so that it never meets a LocalStack the user started with the
        // script's defaults; the venv is the default one (or LOCALSTACK_VENV), installed once for both.
        Path home = module.resolve("target/localstack-tier");
        int port = FreePorts.pick();
        Path log = home.resolve("start.log");
        try {
            Files.createDirectories(home);
            Process process = script(script, home, port, "start").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int status = process.waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (status == NO_PYTHON) {
                return new LocalStackProcess(script, home, port, output.lines().reduce((a, b) -> b).orElse("Python 3.13 not found"));
            }
            if (status != 0) {
                return new LocalStackProcess(script, home, port, "localstack.sh start failed (exit " + status + "): " + output);
            }
        } catch (IOException e) {
            return new LocalStackProcess(script, home, port, "localstack.sh could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        LocalStackProcess running = new LocalStackProcess(script, home, port, null);
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "localstack-stop"));
        return running;
    }

    private static ProcessBuilder script(Path script, Path home, int port, String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command);
        builder.environment().put("LOCALSTACK_HOME", home.toString());
        builder.environment().putIfAbsent("LOCALSTACK_VENV", home.resolveSibling("localstack").resolve("venv").toString());
        builder.environment().put("LOCALSTACK_PORT", Integer.toString(port));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    /** Why LocalStack is not available here, or empty when it runs. */
    Optional<String> unavailableBecause() {
        return Optional.ofNullable(unavailableBecause);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The Python of LocalStack's venv (PyYAML is there for docker_free_template.py). */
    Path python() {
        String venv = System.getenv().getOrDefault("LOCALSTACK_VENV", home.resolveSibling("localstack").resolve("venv").toString());
        return Path.of(venv, "bin", "python");
    }

    Path moduleDirectory() {
        return script.getParent();
    }

    /** Stops it (the script stops it by its pid); harmless when it already stopped. */
    void stop() {
        try {
            script(script, home, port, "stop").redirectErrorStream(true).redirectOutput(home.resolve("stop.log").toFile()).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
