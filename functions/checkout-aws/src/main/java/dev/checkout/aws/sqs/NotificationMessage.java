package dev.checkout.aws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.ValidationException;
import java.io.UncheckedIOException;

/**
 * A message on the notification queue, as the webhook receiver writes it and the notification function
 * reads it: {@code {"provider", "eventId", "type", "payload"}}, {@code payload} the provider's event
 * exactly as received (its signature was verified on receipt).
 */
public record NotificationMessage(String provider, String eventId, String type, String payload) {

    public String toJson() {
        ObjectNode message = Json.object();
        message.put("provider", provider);
        message.put("eventId", eventId);
        message.put("type", type);
        message.put("payload", payload);
        return Json.write(message);
    }

    /**
     * Reads a message body.
     *
     * @throws ValidationException when it is not JSON or has no provider or payload
     */
    public static NotificationMessage parse(String text) {
        JsonNode body;
        try {
            body = Json.parse(text);
        } catch (UncheckedIOException e) {
            throw new ValidationException("a notification message must be JSON");
        }
        String provider = body.path("provider").asText("");
        String payload = body.path("payload").asText("");
        if (provider.isEmpty() || payload.isEmpty()) {
            throw new ValidationException("a notification message needs a provider and a payload");
        }
        return new NotificationMessage(provider, body.path("eventId").asText(""), body.path("type").asText(""), payload);
    }
}
