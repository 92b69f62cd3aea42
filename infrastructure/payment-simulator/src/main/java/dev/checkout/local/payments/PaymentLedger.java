package dev.checkout.local.payments;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The provider's books, whichever provider's API is spoken: payments, the charges made for them, their refunds,
 * and how many refunds wait to settle. It knows no wire format, error shape or id scheme; a provider's lifecycles
 * (for Stripe {@link StripePaymentIntentLifecycle} and {@link StripeRefundLifecycle}) make the changes.
 *
 * <p>Thread-safe: each method holds the ledger's lock, and a change that spans several calls holds it throughout
 * ({@code synchronized (ledger)}), as does any reading of an entry's fields.
 *
 * @param <P> the provider's payment, which adds its own fields to {@link Payment}
 */
final class PaymentLedger<P extends PaymentLedger.Payment> {
    private final Clock clock;
    private final Map<String, P> payments = new LinkedHashMap<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private long generation;
    private int pendingSettlements;

    PaymentLedger(Clock clock) {
        this.clock = clock;
    }

    /** The time an entry is created at, in epoch seconds. */
    long now() {
        return clock.instant().getEpochSecond();
    }

    synchronized void add(P payment) {
        payments.put(payment.id, payment);
    }

    synchronized void add(Charge charge) {
        charges.put(charge.id, charge);
    }

    synchronized void add(Refund refund) {
        refunds.put(refund.id, refund);
    }

    synchronized Optional<P> payment(String id) {
        return Optional.ofNullable(payments.get(id));
    }

    synchronized Optional<Charge> charge(String id) {
        return Optional.ofNullable(charges.get(id));
    }

    synchronized Optional<Refund> refund(String id) {
        return Optional.ofNullable(refunds.get(id));
    }

    /** Every payment, in the order added, as {@code view} shows it; all taken under one hold of the lock. */
    synchronized <T> List<T> paymentsAs(Function<? super P, T> view) {
        return viewOf(payments, view);
    }

    /** Every charge, in the order made, as {@code view} shows it; all taken under one hold of the lock. */
    synchronized <T> List<T> chargesAs(Function<? super Charge, T> view) {
        return viewOf(charges, view);
    }

    /** Every refund, in the order created, as {@code view} shows it; all taken under one hold of the lock. */
    synchronized <T> List<T> refundsAs(Function<? super Refund, T> view) {
        return viewOf(refunds, view);
    }

    private static <E, T> List<T> viewOf(Map<String, E> entries, Function<? super E, T> view) {
        List<T> result = new ArrayList<>();
        for (E entry : entries.values()) {
            result.add(view.apply(entry));
        }
        return result;
    }

    /** Counts a refund settlement as pending; returns the generation to hand to {@link #settlementDue}. */
    synchronized long settlementScheduled() {
        pendingSettlements++;
        return generation;
    }

    /**
     * Counts a scheduled settlement as done; returns whether it is still due, that is whether no {@link #reset()}
     * came between its scheduling and now.
     */
    synchronized boolean settlementDue(long scheduledIn) {
        if (scheduledIn != generation) {
            return false;
        }
        pendingSettlements--;
        notifyAll();
        return true;
    }

    /** Waits until no refund is pending settlement. */
    synchronized void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingSettlements > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimedOutException(pendingSettlements + " refunds still pending after " + timeout);
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimedOutException("interrupted while awaiting refund settlement");
            }
        }
    }

    /** Forgets every entry and abandons the settlements scheduled so far. */
    synchronized void reset() {
        payments.clear();
        charges.clear();
        refunds.clear();
        generation++;
        pendingSettlements = 0;
        notifyAll();
    }

    // ---- Entries (guarded by the ledger's lock) -------------------------------------------------------------

    /** A payment the customer is asked for; a provider adds the fields its API has (its status words, too). */
    static class Payment {
        final String id;
        final long amount;
        final String currency;
        final String description;
        final Map<String, String> metadata;
        final long created;
        /** The idempotency key of the request that created it, or {@code null}. */
        final String idempotencyKey;
        String status;
        String paymentMethod;
        String latestCharge;
        long amountReceived;

        Payment(String id, long amount, String currency, String description, Map<String, String> metadata,
                long created, String idempotencyKey) {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
            this.description = description;
            this.metadata = metadata;
            this.created = created;
            this.idempotencyKey = idempotencyKey;
        }
    }

    /** One attempt to move a payment's money with its payment method: {@code succeeded} or {@code failed}. */
    static final class Charge {
        final String id;
        final String paymentId;
        final long amount;
        final String currency;
        final String status;
        final long created;
        final String paymentMethod;
        final String description;
        final Map<String, String> metadata;
        /** The sum of the charge's pending and succeeded refunds. */
        long amountRefunded;
        String failureCode;
        String failureMessage;
        String declineCode;

        /** A charge of all of {@code payment}'s amount with its current payment method. */
        Charge(String id, Payment payment, String status, long created) {
            this.id = id;
            this.paymentId = payment.id;
            this.amount = payment.amount;
            this.currency = payment.currency;
            this.status = status;
            this.created = created;
            this.paymentMethod = payment.paymentMethod;
            this.metadata = payment.metadata;
            this.description = payment.description;
        }

        boolean succeeded() {
            return status.equals("succeeded");
        }
    }

    /** Money given back from a succeeded charge: {@code pending}, then {@code succeeded} or {@code failed}. */
    static final class Refund {
        final String id;
        final String paymentId;
        final String chargeId;
        final long amount;
        final String currency;
        final String reason;
        final Map<String, String> metadata;
        final long created;
        String status = "pending";
        String failureReason;

        /** A pending refund of {@code amount} of {@code charge}. */
        Refund(String id, Charge charge, long amount, String reason, Map<String, String> metadata, long created) {
            this.id = id;
            this.paymentId = charge.paymentId;
            this.chargeId = charge.id;
            this.amount = amount;
            this.currency = charge.currency;
            this.reason = reason;
            this.metadata = metadata;
            this.created = created;
        }
    }
}
