package dev.checkout.port;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Orders, written only conditionally: on creation, on the version read. */
public interface OrderRepository {

    /**
     * Stores a new order and the idempotency record of the request that placed it, both or neither.
     *
     * @throws dev.checkout.domain.IdempotencyKeyTakenException when the key is already stored
     */
    void create(Order order, IdempotencyRecord idempotency);

    Optional<Order> find(OrderId orderId);

    /**
     * Writes {@code order} if the stored order is still at {@code order.version() - 1}.
     *
     * @throws dev.checkout.domain.VersionConflictException when another write came first
     */
    void update(Order order);

    /** A user's orders, newest first, filtered by creation time and status. */
    OrderPage listByUser(UserId userId, OrderQuery query);

    /**
     * Every user's orders created from {@code from} to {@code to} (inclusive), newest first, of
     * {@code query.status()} when set; {@code query.from()} / {@code query.to()} are the filters as the
     * caller gave them (null when not), which the page token is bound to, and {@code from} / {@code to} the
     * window they stand for on the first page (a later page keeps its token's window). A page may hold
     * fewer than {@code query.limit()} orders and still have a {@code nextToken}: each page reads a bounded
     * amount.
     */
    OrderPage listAll(OrderQuery query, Instant from, Instant to);

    /**
     * Orders still awaiting payment that were placed before {@code cutoff}, oldest first, at most
     * {@code limit}: the candidates of the stalled-checkout sweep.
     */
    List<Order> findPendingPlacedBefore(Instant cutoff, int limit);

    /** Filters and paging for {@link #listByUser}. {@code from}/{@code to} are inclusive, may be null. */
    record OrderQuery(Instant from, Instant to, OrderStatus status, int limit, String nextToken) {
        public static final int MAX_LIMIT = 100;
    }

    /** One page of orders; {@code nextToken} is null on the last page. */
    record OrderPage(List<Order> orders, String nextToken) {
    }
}
