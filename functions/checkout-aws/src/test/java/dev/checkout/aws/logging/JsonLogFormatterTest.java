package dev.checkout.aws.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: the functions' one log format, as Lambda's JSON log format reads it. */
@Tag("unit")
class JsonLogFormatterTest {

    @AfterEach
    void restoreLogging() throws Exception {
        LogContext.clear();
        LogManager.getLogManager().readConfiguration();
    }

    private static JsonNode format(LogRecord record) {
        String line = new JsonLogFormatter().format(record);
        assertEquals(1, line.lines().count(), line);
        return Json.parse(line);
    }

    @Test
    void aRecord_isOneJsonLine_withLambdasLevelNames_andTheInvocationsIds() {
        LogContext.begin(null, "req-1");
        LogContext.put(LogContext.ORDER_ID, "ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0");
        var record = new LogRecord(Level.WARNING, "provider event {0} does not match");
        record.setParameters(new Object[] {"evt_1"});
        record.setLoggerName("dev.checkout.application.ApplyPaymentEvent");
        record.setInstant(Instant.parse("2026-12-05T10:00:00Z"));

        JsonNode line = format(record);

        assertEquals("WARN", line.path("level").asText());
        assertEquals("2026-12-05T10:00:00Z", line.path("timestamp").asText());
        assertEquals("provider event evt_1 does not match", line.path("message").asText());
        assertEquals("req-1", line.path("requestId").asText());
        assertEquals("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", line.path("orderId").asText());
        assertFalse(line.has("paymentId"));
    }

    @Test
    void anException_staysOnTheOneLine_withItsTypeAndStackTrace() {
        var record = new LogRecord(Level.SEVERE, "request failed\nbadly");
        record.setThrown(new IllegalStateException("broken", new ArithmeticException("overflow")));

        JsonNode line = format(record);

        assertEquals("ERROR", line.path("level").asText());
        assertEquals("request failed\nbadly", line.path("message").asText());
        assertEquals("java.lang.IllegalStateException", line.path("errorType").asText());
        assertTrue(line.path("stackTrace").asText().contains("Caused by: java.lang.ArithmeticException: overflow"));
    }

    @Test
    void levels_mapToLambdasNames() {
        assertEquals("ERROR", JsonLogFormatter.level(Level.SEVERE));
        assertEquals("WARN", JsonLogFormatter.level(Level.WARNING));
        assertEquals("INFO", JsonLogFormatter.level(Level.INFO));
        assertEquals("DEBUG", JsonLogFormatter.level(Level.FINE));
        assertEquals("TRACE", JsonLogFormatter.level(Level.FINEST));
    }

    @Test
    void theConfiguration_writesEveryLoggerAsJson_atLambdasLevel() {
        var out = new ByteArrayOutputStream();
        JsonLogConfiguration.install(new PrintStream(out, true, StandardCharsets.UTF_8), "WARN");

        System.getLogger("dev.checkout.any").log(System.Logger.Level.INFO, "below the level");
        System.getLogger("dev.checkout.any").log(System.Logger.Level.ERROR, "kept");

        var written = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, written.size(), written::toString);
        assertEquals("kept", Json.parse(written.get(0)).path("message").asText());
    }

    @Test
    void textThatIsNotValidUnicode_neverReachesALogLine() {
        LogContext.put(LogContext.ORDER_ID, "ord_\ud800");

        assertEquals("(not valid Unicode)", LogContext.fields().get(LogContext.ORDER_ID));
    }
}
