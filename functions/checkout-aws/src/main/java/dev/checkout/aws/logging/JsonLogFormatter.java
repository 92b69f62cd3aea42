package dev.checkout.aws.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One log record as one line of JSON, the shape Lambda's JSON log format reads from a function's output:
 * {@code timestamp} (RFC 3339), {@code level} (TRACE, DEBUG, INFO, WARN, ERROR; Lambda filters on it),
 * {@code message}, {@code logger}, the {@link LogContext} fields (function, request id, order, payment and
 * event ids where known), and for a record with an exception {@code errorType}, {@code errorMessage} and
 * {@code stackTrace}. A line never breaks: Lambda makes every line its own log event.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", level(record.getLevel()));
        line.put("message", formatMessage(record));
        line.put("logger", record.getLoggerName());
        LogContext.orderedFields().forEach(line::put);
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.put("errorType", thrown.getClass().getName());
            line.put("errorMessage", String.valueOf(thrown.getMessage()));
            var trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.put("stackTrace", trace.toString());
        }
        return Json.write(line) + System.lineSeparator();
    }

    /** java.util.logging's levels in the names Lambda's log-level filtering knows. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }
}
