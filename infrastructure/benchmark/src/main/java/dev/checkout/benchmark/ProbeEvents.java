package dev.checkout.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The event each function's probe invokes: a sample from {@code events/} (the same fixtures
 * {@code sam local invoke -e} and the tests use) with its ids changed to real ones in the running
 * local cloud. {@code ${uuid}} marks what must differ on every invoke (an idempotency key), so that
 * warm invokes do real work rather than replay.
 */
final class ProbeEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path eventsDir;
    private final String sku;
    private final String heldOrderId;

    /**
     * @param sku         a product with plenty of stock
     * @param heldOrderId an order whose stock is reserved and whose payment waits for the customer
     */
    ProbeEvents(Path eventsDir, String sku, String heldOrderId) {
        this.eventsDir = eventsDir;
        this.sku = sku;
        this.heldOrderId = heldOrderId;
    }

    /** The event for a function module, or empty when the benchmark has no recipe for it. */
    Optional<String> forModule(String module) {
        return switch (module) {
            // POST /orders; the order waits for the customer's authentication, so the probe's orders
            // add little work to the local cloud while it measures.
            case "create-order" -> Optional.of(createOrder());
            // GET /products/{sku}: the route the baseline implements too.
            case "orders-api", "baseline-function" -> Optional.of(getProduct());
            // ReserveStock on an order the workflow has already reserved: the idempotent path
            // (the order is read, the reservation found, nothing written twice).
            case "reserve-stock" -> Optional.of(reserve());
            default -> Optional.empty();
        };
    }

    private String createOrder() {
        ObjectNode event = read("create-order.json");
        event.withObject("/headers").put("idempotency-key", "${uuid}");
        claims(event).put("sub", "benchmark-probe");
        event.put("body", "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethod\":\"pm_card_authenticationRequired\"}");
        return event.toString();
    }

    private String getProduct() {
        ObjectNode event = read("get-product.json");
        event.withObject("/pathParameters").put("sku", sku);
        event.put("rawPath", "/products/" + sku);
        event.withObject("/requestContext/http").put("path", "/products/" + sku);
        return event.toString();
    }

    private String reserve() {
        ObjectNode event = read("reserve-stock-reserve.json");
        event.put("orderId", heldOrderId);
        return event.toString();
    }

    private static ObjectNode claims(ObjectNode event) {
        return event.withObject("/requestContext/authorizer/jwt/claims");
    }

    private ObjectNode read(String name) {
        try {
            JsonNode node = JSON.readTree(Files.readString(eventsDir.resolve(name)));
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
