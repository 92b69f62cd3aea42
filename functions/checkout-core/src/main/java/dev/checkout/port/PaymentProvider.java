package dev.checkout.port;

import dev.checkout.domain.Money;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.Text;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment provider: takes a customer's payment method, and gives money back. Every call that moves
 * money carries an idempotency key (the payment or refund id), so a repeated call, however often it
 * is repeated, moves the money once.
 *
 * <p>Errors:
 * <ul>
 *   <li>{@link dev.checkout.domain.PaymentDeclinedException}: the provider refused the payment; final.</li>
 *   <li>{@link dev.checkout.domain.PaymentProviderUnavailableException}: the provider could not be reached,
 *       failed on its side or throttled; the call may be repeated with the same key.</li>
 * </ul>
 * When a call's outcome is unknown (a timeout after sending), the adapter asks the provider (repeats the
 * call under the same idempotency key) and reports what the provider says, or reports the provider as
 * unavailable. It never guesses.
 */
public interface PaymentProvider {

    /** The provider's name as stored on payments and refunds, e.g. {@code stripe}: a {@link dev.checkout.domain.PaymentMethod}'s platform. */
    String name();

    /**
     * Creates (and for a card, confirms) a payment of {@code amount} the way {@code paymentMethod} says
     * ({@link dev.checkout.domain.PaymentMethod#parse}).
     *
     * @return SUCCEEDED, or PENDING when the customer must act (authenticate, scan a QR code, approve on the
     *     platform's page), then with the {@link ProviderPayment#nextAction()} the client shows; never FAILED
     * @throws dev.checkout.domain.PaymentDeclinedException when the provider declines
     */
    ProviderPayment charge(ChargeRequest request);

    /** The provider's current view of a payment. */
    Optional<ProviderPayment> findPayment(String reference);

    /**
     * The provider's current view of the payment {@link #charge} created under {@code paymentId} (its
     * idempotency key), for a charge whose answer was lost: empty when the provider has no such payment.
     *
     * <p>Empty is not proof that nothing was taken. Stripe finds the payment through its Search API,
     * whose results lag writes (usually by under a minute, longer during an outage; and search is not
     * offered in some regions, such as India); Alipay knows a QR-code or page trade only once the buyer
     * scanned the code or opened the page. A payment found later is reported by the provider's
     * notification.
     */
    Optional<ProviderPayment> findByPaymentId(PaymentId paymentId);

    /**
     * Cancels a payment that has not succeeded. A payment that already succeeded cannot be cancelled:
     * the result then says SUCCEEDED and the caller must refund instead.
     */
    ProviderPayment cancel(String reference);

    /** Returns (part of) a succeeded payment. Several refunds of one payment are allowed. */
    ProviderRefund refund(RefundRequest request);

    /** The provider's current view of a refund. */
    Optional<ProviderRefund> findRefund(String reference);

    enum Status {
        SUCCEEDED,
        /** Waiting for the customer (authentication) or for the provider. */
        PENDING,
        FAILED,
        CANCELED;

        public boolean isFinal() {
            return this != PENDING;
        }
    }

    /** A charge; {@code paymentId} is the idempotency key. */
    record ChargeRequest(PaymentId paymentId, OrderId orderId, Money amount, String paymentMethod) {
        public ChargeRequest {
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(paymentMethod, "paymentMethod");
        }
    }

    /**
     * A payment as the provider sees it. {@code failureCode} is set for FAILED (the decline code);
     * {@code nextAction} for PENDING when the customer must act. {@code amount} is null when the provider does
     * not state it (e.g. Alipay before the QR code was scanned).
     */
    record ProviderPayment(String reference, Status status, Money amount, String failureCode, NextAction nextAction) {
        public ProviderPayment {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(status, "status");
            Text.requireValid(reference, "the provider's payment reference");
            Text.requireValid(failureCode, "the provider's failure code");
        }

        public ProviderPayment(String reference, Status status, Money amount, String failureCode) {
            this(reference, status, amount, failureCode, null);
        }
    }

    /** A refund of the payment {@code paymentReference}; {@code refundId} is the idempotency key. */
    record RefundRequest(RefundId refundId, OrderId orderId, PaymentId paymentId, String paymentReference, Money amount) {
        public RefundRequest {
            Objects.requireNonNull(refundId, "refundId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(paymentReference, "paymentReference");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** A refund as the provider sees it. {@code failureReason} is set for FAILED. */
    record ProviderRefund(String reference, Status status, Money amount, String failureReason) {
        public ProviderRefund {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(status, "status");
            Text.requireValid(reference, "the provider's refund reference");
            Text.requireValid(failureReason, "the provider's failure reason");
        }
    }
}
