package dev.checkout.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A notification from a payment provider, reduced to what the checkout acts on. {@code reference} is
 * the provider's id of the payment or refund the event is about ({@code paymentReference} the
 * payment's, for refunds too); {@code orderId}, {@code paymentId} and {@code refundId} come from the metadata the checkout attached when it created them (absent for
 * objects created elsewhere). {@code code} is the decline code or failure reason of a failure;
 * {@code amount} the payment's or refund's amount when the event states it.
 *
 * <p>An event moves money state only when it matches what the checkout recorded of the payment or
 * refund it names ({@link #mismatchWith(Payment)}, {@link #mismatchWith(Refund, String)}): a signature
 * proves who sent an event, not that it describes this payment. The rule is the same for every provider.
 */
public record PaymentEvent(
        String provider,
        String eventId,
        Kind kind,
        String providerType,
        String reference,
        String paymentReference,
        String orderId,
        String paymentId,
        String refundId,
        String code,
        Money amount) {

    /** What happened, in the checkout's terms. */
    public enum Kind {
        PAYMENT_SUCCEEDED,
        PAYMENT_FAILED,
        PAYMENT_CANCELED,
        REFUND_SUCCEEDED,
        REFUND_FAILED,
        /** Anything the checkout does not act on; acknowledged and dropped. */
        IGNORED;

        public boolean isAboutRefund() {
            return this == REFUND_SUCCEEDED || this == REFUND_FAILED;
        }
    }

    public PaymentEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        if (eventId == null || eventId.isBlank() || eventId.length() > 255) {
            throw new ValidationException("a payment event needs an id of 1-255 characters");
        }
        Text.requireValid(provider, "the event's provider");
        Text.requireValid(eventId, "the event's id");
        Text.requireValid(providerType, "the event's type");
        Text.requireValid(reference, "the event's object id");
        Text.requireValid(paymentReference, "the event's payment reference");
        Text.requireValid(orderId, "the event's orderId");
        Text.requireValid(paymentId, "the event's paymentId");
        Text.requireValid(refundId, "the event's refundId");
        Text.requireValid(code, "the event's failure code");
    }

    /** An event that does not state an amount. */
    public PaymentEvent(String provider, String eventId, Kind kind, String providerType, String reference, String paymentReference,
                        String orderId, String paymentId, String refundId, String code) {
        this(provider, eventId, kind, providerType, reference, paymentReference, orderId, paymentId, refundId, code, null);
    }

    /**
     * What makes this event unfit to move {@code payment}: its amount (with currency) must be stated and
     * equal the recorded amount, and it must name the payment's provider reference (when one is
     * recorded). Empty when it matches.
     */
    public Optional<String> mismatchWith(Payment payment) {
        return mismatch(payment.amount(), payment.providerReference(), reference, "payment");
    }

    /**
     * What makes this event unfit to settle {@code refund}: amount and currency must equal the refund's,
     * it must name the refund's provider reference (when one is recorded), and the payment it refunds
     * must be {@code recordedPaymentReference}, the provider reference of the refunded payment.
     */
    public Optional<String> mismatchWith(Refund refund, String recordedPaymentReference) {
        Optional<String> ownFields = mismatch(refund.amount(), refund.providerReference(), reference, "refund");
        if (ownFields.isPresent() || recordedPaymentReference == null || recordedPaymentReference.equals(paymentReference)) {
            return ownFields;
        }
        return Optional.of("it refunds payment " + paymentReference + ", the refund was made on " + recordedPaymentReference);
    }

    /**
     * What makes this event's amount unfit, when it must be {@code expected} ({@code what} names that amount in
     * the answer, e.g. "the order's total"): stated, with that currency and value. Empty when it is.
     */
    public Optional<String> amountMismatch(Money expected, String what) {
        if (amount == null) {
            return Optional.of("it states no amount; " + what + " is " + expected);
        }
        if (!amount.equals(expected)) {
            return Optional.of("it states " + amount + "; " + what + " is " + expected);
        }
        return Optional.empty();
    }

    private Optional<String> mismatch(Money recordedAmount, String recordedReference, String statedReference, String what) {
        Optional<String> amountDiffers = amountMismatch(recordedAmount, "the " + what);
        if (amountDiffers.isPresent()) {
            return amountDiffers;
        }
        if (statedReference == null) {
            return Optional.of("it names no provider reference");
        }
        if (recordedReference != null && !recordedReference.equals(statedReference)) {
            return Optional.of("it names " + statedReference + "; the " + what + " is " + recordedReference);
        }
        return Optional.empty();
    }

    public Optional<Money> amountIfKnown() {
        return Optional.ofNullable(amount);
    }

    public Optional<PaymentId> paymentIdIfKnown() {
        try {
            return Optional.ofNullable(paymentId).map(PaymentId::of);
        } catch (NotFoundException malformed) {
            return Optional.empty();
        }
    }

    public Optional<OrderId> orderIdIfKnown() {
        try {
            return Optional.ofNullable(orderId).map(OrderId::of);
        } catch (NotFoundException malformed) {
            return Optional.empty();
        }
    }

    public Optional<RefundId> refundIdIfKnown() {
        try {
            return Optional.ofNullable(refundId).map(RefundId::of);
        } catch (NotFoundException malformed) {
            return Optional.empty();
        }
    }
}
