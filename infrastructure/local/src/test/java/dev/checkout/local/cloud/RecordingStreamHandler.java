package dev.checkout.local.cloud;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.wiring.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream function for {@link DynamoDbStreamEventSourceTest}: keeps every batch it is given, by its {@code SCOPE},
 * and fails a batch holding a record whose new image has a {@code poison} attribute: by naming that record
 * ({@code MODE=report}) or by throwing ({@code MODE=throw}).
 */
public final class RecordingStreamHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<JsonNode>> BATCHES = new ConcurrentHashMap<>();

    private final String scope;
    private final String mode;

    public RecordingStreamHandler(FunctionEnvironment env) {
        this.scope = env.require("SCOPE");
        this.mode = env.require("MODE");
    }

    static List<JsonNode> batches(String scope) {
        return BATCHES.computeIfAbsent(scope, s -> new CopyOnWriteArrayList<>());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        batches(scope).add(event);
        ObjectNode response = JSON.createObjectNode();
        var failures = response.putArray("batchItemFailures");
        for (JsonNode record : event.path("Records")) {
            if (record.path("dynamodb").path("NewImage").has("poison")) {
                if ("throw".equals(mode)) {
                    throw new IllegalStateException("poisoned record " + record.path("eventID").asText());
                }
                failures.addObject().put("itemIdentifier", record.path("dynamodb").path("SequenceNumber").asText());
                break;
            }
        }
        JSON.writeValue(output, response);
    }
}
