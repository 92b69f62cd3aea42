package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /_local/clock} on the API's port: {@code GET} tells the workflow engine's time; {@code POST ?advance=<seconds>}
 * moves a manual clock (started with {@code --manual-clock}), so a payment window can be passed without waiting.
 */
final class ClockEndpoint implements HttpApiGateway.LocalEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineClock clock;

    ClockEndpoint(EngineClock clock) {
        this.clock = clock;
    }

    @Override
    public int handle(String method, String path, Map<String, String> query, OutputStream body) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        int status = 200;
        if (method.equals("POST")) {
            status = advance(query, answer);
        }
        if (status == 200) {
            answer.put("now", clock.now().toString());
            answer.put("manual", clock instanceof ManualClock);
        }
        body.write(answer.toString().getBytes(StandardCharsets.UTF_8));
        return status;
    }

    private int advance(Map<String, String> query, ObjectNode answer) {
        if (!(clock instanceof ManualClock manual)) {
            answer.put("message", "the clock is the system clock; start with --manual-clock to move it");
            return 409;
        }
        try {
            manual.advance(Duration.ofSeconds(Long.parseLong(query.getOrDefault("advance", "0"))));
            return 200;
        } catch (NumberFormatException e) {
            answer.put("message", "advance must be a whole number of seconds");
            return 400;
        }
    }
}
