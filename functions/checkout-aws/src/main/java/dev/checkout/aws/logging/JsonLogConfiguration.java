package dev.checkout.aws.logging;

import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The functions' one log format: every {@link System.Logger} (java.util.logging behind it) writes
 * {@link JsonLogFormatter}'s lines to standard output, at the level Lambda was given
 * ({@code AWS_LAMBDA_LOG_LEVEL}, set from the template's {@code LoggingConfig.ApplicationLogLevel}; INFO
 * when unset). The template names this class in {@code -Djava.util.logging.config.class}, so it runs when
 * the first logger is asked for, not at every cold start; the local cloud {@link #install installs} it for
 * the functions it runs.
 */
public final class JsonLogConfiguration {

    /** Called by java.util.logging's LogManager, by name. */
    public JsonLogConfiguration() {
        install(System.out, System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    }

    /** Makes every logger of this JVM write JSON lines to {@code out} at {@code lambdaLevel} and above. */
    public static void install(PrintStream out, String lambdaLevel) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Level level = level(lambdaLevel);
        Handler handler = new StreamHandler(out, new JsonLogFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
    }

    /** Lambda's level names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) as java.util.logging's. */
    static Level level(String lambdaLevel) {
        if (lambdaLevel == null || lambdaLevel.isBlank()) {
            return Level.INFO;
        }
        return switch (lambdaLevel.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR", "FATAL" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }
}
