package dev.checkout.port;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaidTransition;
import dev.checkout.domain.Payment;
import dev.checkout.domain.Product;
import dev.checkout.domain.Reservation;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog and its stock. Reserving, releasing and committing act on a whole order at once and
 * are idempotent by order id. Release and commit may carry the order's status change, so that stock
 * and status move in the same write.
 */
public interface StockRepository {

    Optional<Product> find(Sku sku);

    /** The products that exist among {@code skus}; unknown SKUs are absent from the map. */
    Map<Sku, Product> findAll(Collection<Sku> skus);

    ProductPage list(int limit, String nextToken);

    /** Creates or updates a product's name and price and sets its available stock. */
    Product put(Sku sku, String name, Money price, long available);

    /**
     * Reserves every line or none, in the same write that checks the order (when it is stored) still
     * awaits payment.
     *
     * @throws dev.checkout.domain.OutOfStockException naming the short SKUs; nothing was reserved
     * @throws dev.checkout.domain.StateConflictException when the order no longer awaits payment
     */
    ReservationOutcome reserve(OrderId orderId, List<StockLine> lines);

    /**
     * Gives an order's reserved stock back and, in the same write, stores {@code orderUpdate} when
     * given. Releasing an order that never reserved leaves a mark so that a late reserve does nothing.
     */
    ReservationOutcome release(OrderId orderId, List<StockLine> lines, Order orderUpdate);

    /**
     * Turns an order's reservation into sold stock and stores {@code orderUpdate} in the same write.
     *
     * @throws dev.checkout.domain.StateConflictException when the reservation was released or never made
     */
    ReservationOutcome commit(OrderId orderId, List<StockLine> lines, Order orderUpdate);

    /**
     * Confirms a paid order in one write, without reading it first: the reservation of {@code lines}
     * becomes sold stock, the order makes the move {@code paid} describes (decided by the order aggregate,
     * {@link Order#paidBy}), and {@code payment} (SUCCEEDED) is stored as handed over: no longer waiting on
     * a workflow step.
     *
     * @return false, having written nothing, when any of that does not hold; the caller then reads and decides
     */
    boolean commitPaid(List<StockLine> lines, PaidTransition paid, Payment payment);

    Optional<Reservation> findReservation(OrderId orderId);

    /** What a reserve, release or commit found and did. */
    enum ReservationOutcome {
        RESERVED,
        ALREADY_RESERVED,
        RELEASED,
        ALREADY_RELEASED,
        COMMITTED,
        ALREADY_COMMITTED;

        /** True when this call changed nothing because an earlier call already had. */
        public boolean isRepeat() {
            return this == ALREADY_RESERVED || this == ALREADY_RELEASED || this == ALREADY_COMMITTED;
        }
    }

    record ProductPage(List<Product> products, String nextToken) {
    }
}
