package dev.checkout.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The order aggregate. It guards its own status: callers ask it to {@link #markPaid}, {@link #cancel},
 * {@link #ship} ... and it refuses moves that {@link OrderStatus} does not allow. Every change returns
 * a new order with the next {@link #version()}; repositories write it only if the stored version is
 * still the one it was read at, so no update is lost.
 *
 * <p>Money: {@code captured} is what the provider took, {@code refundCommitted} what pending and
 * succeeded refunds hold, {@code refunded} what succeeded refunds returned. A refund can never
 * take {@code refundCommitted} above {@code captured}.
 */
public final class Order {
    public static final int MAX_LINES = 50;

    private final OrderId orderId;
    private final UserId userId;
    private final OrderStatus status;
    private final List<OrderLine> lines;
    private final Money total;
    private final String paymentMethod;
    private final Money captured;
    private final Money refundCommitted;
    private final Money refunded;
    private final String statusReason;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final long version;

    private Order(Builder b) {
        this.orderId = Objects.requireNonNull(b.orderId, "orderId");
        this.userId = Objects.requireNonNull(b.userId, "userId");
        this.status = Objects.requireNonNull(b.status, "status");
        this.lines = List.copyOf(b.lines);
        this.total = Objects.requireNonNull(b.total, "total");
        this.paymentMethod = Text.requireValid(b.paymentMethod, "paymentMethod");
        this.captured = Objects.requireNonNull(b.captured, "captured");
        this.refundCommitted = Objects.requireNonNull(b.refundCommitted, "refundCommitted");
        this.refunded = Objects.requireNonNull(b.refunded, "refunded");
        this.statusReason = Text.requireValid(b.statusReason, "status reason");
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(b.updatedAt, "updatedAt");
        this.version = b.version;
    }

    /**
     * A new order awaiting payment. Lines are priced by the caller from the catalog; all must share
     * one currency, and a SKU may appear on one line only.
     */
    public static Order place(OrderId id, UserId userId, List<OrderLine> lines, String paymentMethod, Instant now) {
        if (lines == null || lines.isEmpty()) {
            throw new ValidationException("an order needs at least one line");
        }
        if (lines.size() > MAX_LINES) {
            throw new ValidationException("an order may have at most " + MAX_LINES + " lines, had " + lines.size());
        }
        var seen = new HashSet<Sku>();
        for (OrderLine line : lines) {
            if (!seen.add(line.sku())) {
                throw new ValidationException("sku " + line.sku() + " appears on more than one line; put the whole quantity on one line");
            }
        }
        String currency = lines.get(0).unitPrice().currency();
        Money total = Money.zero(currency);
        for (OrderLine line : lines) {
            if (!line.unitPrice().currency().equals(currency)) {
                throw new CurrencyMismatchException("an order has one currency; " + line.sku() + " is priced in " + line.unitPrice().currency());
            }
            total = total.plus(line.lineTotal());
        }
        Builder b = new Builder();
        b.orderId = id;
        b.userId = userId;
        b.status = OrderStatus.PENDING_PAYMENT;
        b.lines = lines;
        b.total = total;
        b.paymentMethod = paymentMethod;
        b.captured = Money.zero(currency);
        b.refundCommitted = Money.zero(currency);
        b.refunded = Money.zero(currency);
        b.createdAt = now;
        b.updatedAt = now;
        b.version = 1;
        return new Order(b);
    }

    /** Rebuilds an order from storage; no rule is re-applied. */
    public static Builder restore() {
        return new Builder();
    }

    /**
     * The order's move to PAID by {@code payment}, for a write that does not read the order: an order
     * awaiting payment whose total is the payment's amount is paid by it. {@link #markPaid} is the same
     * rule on an order that was read.
     */
    public static PaidTransition paidBy(Payment payment, Instant now) {
        if (payment.status() != PaymentStatus.SUCCEEDED) {
            throw new ValidationException("payment " + payment.paymentId() + " is " + payment.status() + "; only a succeeded payment pays an order");
        }
        return new PaidTransition(payment.orderId(), OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, payment.amount(), now);
    }

    public Order markPaid(Instant now) {
        Builder b = change(OrderStatus.PAID, now);
        b.captured = total;
        b.statusReason = null;
        return new Order(b);
    }

    /** Cancelled before payment: by the customer, a declined payment or an expired payment window. */
    public Order cancel(String reason, Instant now) {
        Builder b = change(OrderStatus.CANCELLED, now);
        b.statusReason = reason;
        return new Order(b);
    }

    /** Refused because stock was short. */
    public Order reject(String reason, Instant now) {
        Builder b = change(OrderStatus.REJECTED, now);
        b.statusReason = reason;
        return new Order(b);
    }

    public Order ship(Instant now) {
        return new Order(change(OrderStatus.SHIPPED, now));
    }

    public Order complete(Instant now) {
        return new Order(change(OrderStatus.COMPLETED, now));
    }

    /**
     * A payment succeeded after the order was already cancelled or rejected (a cancel raced the
     * payment). The order stays closed; the money is recorded so that it can be refunded.
     */
    public Order recordLateCapture(Money amount, Instant now) {
        if (!isClosed()) {
            throw new StateConflictException("order " + orderId + " is " + status + "; a late capture applies to closed orders only");
        }
        Builder b = copy(now);
        b.captured = captured.plus(amount);
        return new Order(b);
    }

    /**
     * Closed before it was paid (cancelled or rejected): a payment that goes through afterwards is not
     * the order's to keep and is refunded.
     */
    public boolean isClosed() {
        return status == OrderStatus.CANCELLED || status == OrderStatus.REJECTED;
    }

    /** What a new refund may still take. */
    public Money refundable() {
        return captured.minus(refundCommitted);
    }

    /**
     * Holds {@code amount} for a refund about to be sent to the provider.
     *
     * @throws RefundExceedsCapturedException when the amount is more than {@link #refundable()}
     * @throws StateConflictException when nothing was captured for this order
     */
    public Order reserveRefund(Money amount, Instant now) {
        requireRefundable();
        if (amount.isZero()) {
            throw new ValidationException("a refund must be for more than zero");
        }
        if (amount.isGreaterThan(refundable())) {
            throw new RefundExceedsCapturedException("refund of " + amount + " exceeds the " + refundable() + " still refundable on " + orderId);
        }
        Builder b = copy(now);
        b.refundCommitted = refundCommitted.plus(amount);
        return new Order(b);
    }

    /**
     * Refunds apply to paid orders (and to a closed one whose payment went through anyway).
     *
     * @throws StateConflictException when this order was never paid
     */
    public void requireRefundable() {
        boolean capturedWhileClosed = isClosed() && !captured.isZero();
        if (!status.isRefundable() && !capturedWhileClosed) {
            throw new StateConflictException("order " + orderId + " is " + status + "; only paid orders can be refunded");
        }
    }

    /** Applies a refund's final outcome: a success counts as refunded, a failure frees its hold. */
    public Order settleRefund(Money amount, boolean succeeded, Instant now) {
        if (!succeeded) {
            Builder b = copy(now);
            b.refundCommitted = refundCommitted.minus(amount);
            return new Order(b);
        }
        Money newRefunded = refunded.plus(amount);
        if (newRefunded.isGreaterThan(refundCommitted)) {
            throw new StateConflictException("refund of " + amount + " was never reserved on " + orderId);
        }
        Builder b;
        if (status.isRefundable()) {
            b = change(newRefunded.equals(captured) ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED, now);
        } else {
            b = copy(now);
        }
        b.refunded = newRefunded;
        return new Order(b);
    }

    private Builder change(OrderStatus target, Instant now) {
        Builder b = copy(now);
        b.status = status.moveTo(target);
        return b;
    }

    private Builder copy(Instant now) {
        Builder b = toBuilder();
        b.updatedAt = now;
        b.version = version + 1;
        return b;
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.orderId = orderId;
        b.userId = userId;
        b.status = status;
        b.lines = lines;
        b.total = total;
        b.paymentMethod = paymentMethod;
        b.captured = captured;
        b.refundCommitted = refundCommitted;
        b.refunded = refunded;
        b.statusReason = statusReason;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.version = version;
        return b;
    }

    public List<StockLine> stockLines() {
        return lines.stream().map(l -> new StockLine(l.sku(), l.quantity())).toList();
    }

    public OrderId orderId() { return orderId; }
    public UserId userId() { return userId; }
    public OrderStatus status() { return status; }
    public List<OrderLine> lines() { return lines; }
    public Money total() { return total; }
    public String currency() { return total.currency(); }
    public Optional<String> paymentMethod() { return Optional.ofNullable(paymentMethod); }
    public Money captured() { return captured; }
    public Money refundCommitted() { return refundCommitted; }
    public Money refunded() { return refunded; }
    public Optional<String> statusReason() { return Optional.ofNullable(statusReason); }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Order other && orderId.equals(other.orderId) && version == other.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, version);
    }

    @Override
    public String toString() {
        return "Order[" + orderId + " " + status + " v" + version + " " + total + "]";
    }

    /** Field-by-field construction for repositories restoring a stored order. */
    public static final class Builder {
        private OrderId orderId;
        private UserId userId;
        private OrderStatus status;
        private List<OrderLine> lines = List.of();
        private Money total;
        private String paymentMethod;
        private Money captured;
        private Money refundCommitted;
        private Money refunded;
        private String statusReason;
        private Instant createdAt;
        private Instant updatedAt;
        private long version;

        public Builder orderId(OrderId v) { orderId = v; return this; }
        public Builder userId(UserId v) { userId = v; return this; }
        public Builder status(OrderStatus v) { status = v; return this; }
        public Builder lines(List<OrderLine> v) { lines = v; return this; }
        public Builder total(Money v) { total = v; return this; }
        public Builder paymentMethod(String v) { paymentMethod = v; return this; }
        public Builder captured(Money v) { captured = v; return this; }
        public Builder refundCommitted(Money v) { refundCommitted = v; return this; }
        public Builder refunded(Money v) { refunded = v; return this; }
        public Builder statusReason(String v) { statusReason = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder version(long v) { version = v; return this; }

        public Order build() {
            return new Order(this);
        }
    }
}
