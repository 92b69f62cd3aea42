package dev.checkout.application;

import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.RefundStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.UserId;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.IdempotencyStore;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.WebhookInbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * In-memory fakes of the storage ports with the same conditional-write rules as the table: creations
 * refuse existing keys, updates check the version or status read, multi-item writes are all or nothing.
 */
final class InMemoryStore {
    final Map<OrderId, Order> orders = new LinkedHashMap<>();
    final Map<PaymentId, Payment> payments = new LinkedHashMap<>();
    final Map<RefundId, Refund> refunds = new LinkedHashMap<>();
    final Map<String, IdempotencyRecord> idempotency = new LinkedHashMap<>();
    final Map<String, WebhookInbox.Entry> inbox = new LinkedHashMap<>();
    /** Payments stored with their order's PAID by the confirmation. */
    final java.util.Set<PaymentId> confirmedPayments = new java.util.HashSet<>();

    /** Runs before each order write; a test can make a concurrent writer get there first. */
    Runnable beforeOrderWrite = () -> { };

    private void checkVersion(Order order) {
        beforeOrderWrite.run();
        Order stored = orders.get(order.orderId());
        if (stored == null || stored.version() != order.version() - 1) {
            throw new VersionConflictException("order " + order.orderId() + " changed");
        }
    }

    final OrderRepository orderRepository = new OrderRepository() {
        @Override
        public void create(Order order, IdempotencyRecord record) {
            orders.put(order.orderId(), order);
        }

        @Override
        public Optional<Order> find(OrderId orderId) {
            return Optional.ofNullable(orders.get(orderId));
        }

        @Override
        public void update(Order order) {
            checkVersion(order);
            orders.put(order.orderId(), order);
        }

        @Override
        public OrderPage listByUser(UserId userId, OrderQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OrderPage listAll(OrderQuery query, java.time.Instant from, java.time.Instant to) {
            if (query.nextToken() != null) {
                throw new UnsupportedOperationException("one page only in memory");
            }
            return new OrderPage(orders.values().stream()
                    .filter(o -> !o.createdAt().isBefore(from) && !o.createdAt().isAfter(to))
                    .filter(o -> query.status() == null || o.status() == query.status())
                    .sorted(java.util.Comparator.comparing(Order::createdAt).reversed())
                    .limit(query.limit())
                    .toList(), null);
        }

        @Override
        public List<Order> findPendingPlacedBefore(java.time.Instant cutoff, int limit) {
            return orders.values().stream()
                    .filter(o -> o.status() == dev.checkout.domain.OrderStatus.PENDING_PAYMENT && o.createdAt().isBefore(cutoff))
                    .sorted(java.util.Comparator.comparing(Order::createdAt))
                    .limit(limit)
                    .toList();
        }
    };

    final java.util.Map<OrderId, dev.checkout.domain.ReservationStatus> reservations = new java.util.concurrent.ConcurrentHashMap<>();

    /** Reservations whose status changes as the table's transactions make them. */
    final dev.checkout.port.StockReservations stockReservations = new dev.checkout.port.StockReservations() {
        @Override
        public ReservationOutcome reserve(OrderId orderId, List<dev.checkout.domain.StockLine> lines) {
            Order order = orders.get(orderId);
            if (order != null && order.status() != dev.checkout.domain.OrderStatus.PENDING_PAYMENT) {
                throw new StateConflictException("order " + orderId + " is " + order.status());
            }
            var previous = reservations.putIfAbsent(orderId, dev.checkout.domain.ReservationStatus.RESERVED);
            return previous == null ? ReservationOutcome.RESERVED : ReservationOutcome.ALREADY_RESERVED;
        }

        @Override
        public ReservationOutcome release(OrderId orderId, List<dev.checkout.domain.StockLine> lines, Order orderUpdate) {
            var previous = reservations.put(orderId, dev.checkout.domain.ReservationStatus.RELEASED);
            if (orderUpdate != null) {
                orderRepository.update(orderUpdate);
            }
            return previous == dev.checkout.domain.ReservationStatus.RELEASED ? ReservationOutcome.ALREADY_RELEASED : ReservationOutcome.RELEASED;
        }

        @Override
        public ReservationOutcome commit(OrderId orderId, List<dev.checkout.domain.StockLine> lines, Order orderUpdate) {
            var previous = reservations.put(orderId, dev.checkout.domain.ReservationStatus.COMMITTED);
            if (orderUpdate != null) {
                orderRepository.update(orderUpdate);
            }
            return previous == dev.checkout.domain.ReservationStatus.COMMITTED ? ReservationOutcome.ALREADY_COMMITTED : ReservationOutcome.COMMITTED;
        }

        @Override
        public Optional<dev.checkout.domain.Reservation> findReservation(OrderId orderId) {
            return Optional.ofNullable(reservations.get(orderId)).map(s -> new dev.checkout.domain.Reservation(orderId, s, List.of()));
        }
    };

    /** Confirms a paid order under the same conditions as the table's transaction. */
    final dev.checkout.port.OrderConfirmation orderConfirmation = new dev.checkout.port.OrderConfirmation() {
        @Override
        public boolean confirmPaid(List<dev.checkout.domain.StockLine> lines, dev.checkout.domain.PaidTransition paid, Payment payment) {
            OrderId orderId = paid.orderId();
            java.time.Instant now = paid.at();
            Order order = orders.get(orderId);
            Payment stored = payments.get(payment.paymentId());
            if (order == null || order.status() != paid.from() || !order.total().equals(paid.captured())
                    || reservations.get(orderId) != dev.checkout.domain.ReservationStatus.RESERVED
                    || (stored != null && stored.status() != PaymentStatus.PENDING && stored.status() != PaymentStatus.SUCCEEDED)) {
                return false;
            }
            reservations.put(orderId, dev.checkout.domain.ReservationStatus.COMMITTED);
            orders.put(orderId, order.markPaid(now));
            payments.put(payment.paymentId(), payment.handedOver());
            confirmedPayments.add(payment.paymentId());
            return true;
        }
    };

    final PaymentRepository paymentRepository = new PaymentRepository() {
        @Override
        public boolean create(Payment payment) {
            return payments.putIfAbsent(payment.paymentId(), payment) == null;
        }

        @Override
        public Optional<Payment> find(PaymentId paymentId) {
            return Optional.ofNullable(payments.get(paymentId));
        }

        @Override
        public List<Payment> findByOrder(OrderId orderId) {
            return payments.values().stream().filter(p -> p.orderId().equals(orderId)).toList();
        }

        @Override
        public Optional<Payment> findByProviderReference(String provider, String reference) {
            return payments.values().stream().filter(p -> reference.equals(p.providerReference())).findFirst();
        }

        @Override
        public void update(Payment payment, PaymentStatus expectedStatus) {
            Payment stored = payments.get(payment.paymentId());
            if (stored == null || stored.status() != expectedStatus) {
                throw new StateConflictException("payment " + payment.paymentId() + " is not " + expectedStatus);
            }
            payments.put(payment.paymentId(), payment);
        }
    };

    final RefundRepository refundRepository = new RefundRepository() {
        @Override
        public void create(Refund refund, Order orderWithHold, IdempotencyRecord record) {
            if (record != null && idempotency.containsKey(record.key())) {
                throw new IdempotencyKeyTakenException(record.key());
            }
            checkVersion(orderWithHold);
            orders.put(orderWithHold.orderId(), orderWithHold);
            refunds.put(refund.refundId(), refund);
            if (record != null) {
                idempotency.put(record.key(), record);
            }
        }

        @Override
        public Optional<Refund> find(OrderId orderId, RefundId refundId) {
            return Optional.ofNullable(refunds.get(refundId)).filter(r -> r.orderId().equals(orderId));
        }

        @Override
        public List<Refund> findByOrder(OrderId orderId) {
            return refunds.values().stream().filter(r -> r.orderId().equals(orderId)).toList();
        }

        @Override
        public Optional<Refund> findByProviderReference(String provider, String reference) {
            return refunds.values().stream().filter(r -> reference.equals(r.providerReference())).findFirst();
        }

        @Override
        public List<Refund> findUnsentCreatedBefore(Instant cutoff, int limit) {
            return refunds.values().stream()
                    .filter(r -> r.status() == RefundStatus.PENDING && r.providerReference() == null && r.createdAt().isBefore(cutoff))
                    .sorted(Comparator.comparing(Refund::createdAt)).limit(limit).toList();
        }

        @Override
        public List<Refund> findSentUnsettledBefore(Instant cutoff, int limit) {
            return refunds.values().stream()
                    .filter(r -> r.status() == RefundStatus.PENDING && r.providerReference() != null && r.updatedAt().isBefore(cutoff))
                    .sorted(Comparator.comparing(Refund::updatedAt)).limit(limit).toList();
        }

        @Override
        public void update(Refund refund) {
            Refund stored = refunds.get(refund.refundId());
            if (stored == null || stored.status() != refund.status()) {
                throw new StateConflictException("refund " + refund.refundId() + " changed status");
            }
            refunds.put(refund.refundId(), refund);
        }

        @Override
        public void settle(Refund settled, Order orderUpdate) {
            if (refunds.get(settled.refundId()).status() != RefundStatus.PENDING) {
                throw new StateConflictException("refund " + settled.refundId() + " already settled");
            }
            checkVersion(orderUpdate);
            orders.put(orderUpdate.orderId(), orderUpdate);
            refunds.put(settled.refundId(), settled);
        }
    };

    final IdempotencyStore idempotencyStore = new IdempotencyStore() {
        @Override
        public Optional<IdempotencyRecord> find(String key) {
            return Optional.ofNullable(idempotency.get(key));
        }

        @Override
        public boolean store(IdempotencyRecord record) {
            return idempotency.putIfAbsent(record.key(), record) == null;
        }
    };

    final WebhookInbox webhookInbox = new WebhookInbox() {
        @Override
        public Entry record(String provider, String eventId, String type, String payload, Optional<OrderId> orderId) {
            Entry existing = inbox.get(provider + "#" + eventId);
            if (existing != null) {
                return new Entry(provider, eventId, existing.type(), existing.payload(), existing.state(), false);
            }
            Entry created = new Entry(provider, eventId, type, payload, State.RECEIVED, true);
            inbox.put(provider + "#" + eventId, created);
            return created;
        }

        @Override
        public Optional<Entry> find(String provider, String eventId) {
            return Optional.ofNullable(inbox.get(provider + "#" + eventId));
        }

        @Override
        public SettledCheck markAppliedIfSettled(String provider, String eventId, PaymentId paymentId, Money amount, String reference) {
            Entry e = inbox.get(provider + "#" + eventId);
            if (e != null && e.state().isHandled()) {
                return new SettledCheck(SettledOutcome.DUPLICATE, Optional.empty());
            }
            Payment payment = payments.get(paymentId);
            if (payment == null || payment.status() != PaymentStatus.SUCCEEDED || !confirmedPayments.contains(paymentId)
                    || !payment.amount().equals(amount) || !reference.equals(payment.providerReference())) {
                return new SettledCheck(SettledOutcome.NOT_SETTLED, Optional.ofNullable(payment));
            }
            markApplied(provider, eventId);
            return new SettledCheck(SettledOutcome.APPLIED, Optional.empty());
        }

        @Override
        public boolean markApplied(String provider, String eventId) {
            return mark(provider, eventId, State.APPLIED);
        }

        @Override
        public boolean markMismatched(String provider, String eventId, String reason) {
            return mark(provider, eventId, State.MISMATCHED);
        }

        private boolean mark(String provider, String eventId, State state) {
            Entry e = inbox.get(provider + "#" + eventId);
            if (e != null && e.state().isHandled()) {
                return false;
            }
            inbox.put(provider + "#" + eventId, new Entry(provider, eventId, e == null ? null : e.type(), e == null ? null : e.payload(), state, false));
            return true;
        }
    };

    Order order(OrderId id) {
        return Objects.requireNonNull(orders.get(id));
    }

    List<Refund> refundsOf(OrderId id) {
        return new ArrayList<>(refundRepository.findByOrder(id));
    }
}
