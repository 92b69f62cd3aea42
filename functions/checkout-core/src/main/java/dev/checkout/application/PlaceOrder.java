package dev.checkout.application;

import dev.checkout.domain.IdempotencyKeyReusedException;
import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.Text;
import dev.checkout.domain.UnknownSkuException;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Catalog;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.IdempotencyStore;
import dev.checkout.port.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places an order: prices every line from the catalog (never from the client; {@link Catalog#prices}, where a
 * flash-sale product's price may be up to a second old), stores the order
 * awaiting payment together with the request's idempotency record, and starts its checkout.
 *
 * <p>Replaying the same key with the same request returns the same order and starts its checkout
 * again (a no-op if it runs): so an order whose start failed is started by the client's retry.
 * The same key with another request is refused.
 */
public final class PlaceOrder {
    public static final Duration KEY_LIFETIME = Duration.ofHours(24);

    private final OrderRepository orders;
    private final Catalog catalog;
    private final IdempotencyStore idempotency;
    private final CheckoutWorkflow workflow;
    private final IdGenerator ids;
    private final Clock clock;
    private final Set<String> platforms;

    /** {@code platforms}: the payment platforms this shop takes ({@link PaymentMethod#platform()}). */
    public PlaceOrder(OrderRepository orders, Catalog catalog, IdempotencyStore idempotency,
                      CheckoutWorkflow workflow, IdGenerator ids, Clock clock, Set<String> platforms) {
        this.orders = orders;
        this.catalog = catalog;
        this.idempotency = idempotency;
        this.workflow = workflow;
        this.ids = ids;
        this.clock = clock;
        this.platforms = Set.copyOf(platforms);
    }

    /** One requested line: a SKU and a quantity, nothing about price. */
    public record RequestedLine(Sku sku, int quantity) {
        public RequestedLine {
            Objects.requireNonNull(sku, "sku");
        }
    }

    /**
     * The validated request. {@code requestHash} fingerprints the request body, so that a replay
     * can be told from a reuse of the key.
     */
    public record Command(UserId userId, List<RequestedLine> lines, PaymentMethod paymentMethod, String idempotencyKey, String requestHash) {
        public Command {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(requestHash, "requestHash");
            Text.requireValid(idempotencyKey, "Idempotency-Key");
            lines = List.copyOf(lines);
            if (paymentMethod == null) {
                throw new ValidationException("paymentMethod is required");
            }
        }
    }

    /** The order, and whether it was created by an earlier request with the same key. */
    public record Result(Order order, boolean replayed) {
    }

    public Result place(Command command) {
        Instant now = clock.now();
        String key = "create-order#" + command.userId().value() + "#" + command.idempotencyKey();
        PaymentMethod method = command.paymentMethod();
        if (!platforms.contains(method.platform())) {
            throw new ValidationException("this shop does not take " + method.platform() + " payments; it takes " + new TreeSet<>(platforms));
        }
        Order order = Order.place(ids.newOrderId(now), command.userId(), price(command.lines()), method.stored(), now);
        method.requireAccepts(order.total());
        var record = new IdempotencyRecord(key, command.requestHash(), order.orderId().value(), now, now.plus(KEY_LIFETIME));
        Result result;
        try {
            orders.create(order, record);
            result = new Result(order, false);
        } catch (IdempotencyKeyTakenException taken) {
            result = replay(key, command.requestHash());
        }
        workflow.start(result.order());
        return result;
    }

    private Result replay(String key, String requestHash) {
        IdempotencyRecord earlier = idempotency.find(key)
                .orElseThrow(() -> new StateConflictException("the Idempotency-Key is being used by a concurrent request; retry"));
        if (!earlier.matches(requestHash)) {
            throw new IdempotencyKeyReusedException("this Idempotency-Key was used with a different request");
        }
        Order original = orders.find(OrderId.of(earlier.resourceId()))
                .orElseThrow(() -> new IllegalStateException("idempotency record " + key + " names a missing order"));
        return new Result(original, true);
    }

    private List<OrderLine> price(List<RequestedLine> requested) {
        if (requested.isEmpty()) {
            throw new ValidationException("items must have at least one line");
        }
        if (requested.size() > Order.MAX_LINES) {
            throw new ValidationException("items may have at most " + Order.MAX_LINES + " lines");
        }
        Map<Sku, Money> prices = catalog.prices(requested.stream().map(RequestedLine::sku).distinct().toList());
        var unknown = requested.stream().map(RequestedLine::sku).filter(sku -> !prices.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownSkuException("unknown sku: " + unknown.stream().map(Sku::value).toList());
        }
        var lines = new ArrayList<OrderLine>();
        for (RequestedLine line : requested) {
            lines.add(new OrderLine(line.sku(), line.quantity(), prices.get(line.sku())));
        }
        return lines;
    }
}
