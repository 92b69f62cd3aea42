package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.checkout.local.payments.StripeParameterValidation.optionalPositiveAmount;
import static dev.checkout.local.payments.StripeParameterValidation.optionalRefundReason;
import static dev.checkout.local.payments.StripeParameterValidation.requireRefundTarget;

/**
 * A refund's life as Stripe leads it: created {@code pending} against a succeeded charge (named directly or
 * through its PaymentIntent) and counted as refunded at once, then settled after the configured delay:
 * {@code succeeded}, or {@code failed} for the refund-failing test card, which makes the amount refundable again;
 * and the read of a refund. Each call is one change of the ledger under its lock, answered and published in
 * Stripe's shapes.
 */
final class StripeRefundLifecycle {
    private final PaymentLedger<?> ledger;
    private final EventSink events;
    private final ScheduledExecutorService scheduler;
    private final Duration settleDelay;

    /** @param scheduler runs the settlements, {@code settleDelay} after each refund's creation */
    StripeRefundLifecycle(PaymentLedger<?> ledger, EventSink events, ScheduledExecutorService scheduler,
                          Duration settleDelay) {
        this.ledger = ledger;
        this.events = events;
        this.scheduler = scheduler;
        this.settleDelay = settleDelay;
    }

    ObjectNode create(FormParameters params, RequestContext cause) {
        synchronized (ledger) {
            PaymentLedger.Charge charge = refundableCharge(params.get("payment_intent"), params.get("charge"));
            long remaining = charge.amount - charge.amountRefunded;
            Long requested = optionalPositiveAmount(params, "amount");
            if (remaining == 0) {
                throw StripeApiException.invalidRequest("charge_already_refunded",
                        "Charge " + charge.id + " has already been refunded.", null);
            }
            long amount = requested == null ? remaining : requested;
            if (amount > remaining) {
                throw StripeApiException.invalidRequest("amount_too_large", "Refund amount ("
                        + money(amount, charge.currency) + ") is greater than unrefunded amount on charge ("
                        + money(remaining, charge.currency) + ")", "amount");
            }
            String reason = optionalRefundReason(params);

            PaymentLedger.Refund refund = new PaymentLedger.Refund(StripeIds.next("re"), charge, amount, reason,
                    params.hash("metadata"), ledger.now());
            ledger.add(refund);
            charge.amountRefunded += amount;

            events.publish("refund.created", StripeJson.refund(refund), null, cause);
            events.publish("charge.refunded", StripeJson.charge(charge),
                    StripeJson.chargeBeforeRefund(charge.amountRefunded - amount), cause);

            long scheduledIn = ledger.settlementScheduled();
            scheduler.schedule(() -> settle(refund.id, scheduledIn), settleDelay.toNanos(), TimeUnit.NANOSECONDS);
            return StripeJson.refund(refund);
        }
    }

    ObjectNode retrieve(String id) {
        synchronized (ledger) {
            return StripeJson.refund(ledger.refund(id)
                    .orElseThrow(() -> StripeApiException.notFound("refund", id, "id")));
        }
    }

    /** The succeeded charge a refund request names, through {@code paymentIntent} or else {@code chargeId}. */
    private PaymentLedger.Charge refundableCharge(String paymentIntent, String chargeId) {
        requireRefundTarget(paymentIntent, chargeId);
        if (paymentIntent != null) {
            PaymentLedger.Payment payment = ledger.payment(paymentIntent)
                    .orElseThrow(() -> StripeApiException.notFound("payment_intent", paymentIntent, "payment_intent"));
            PaymentLedger.Charge charge =
                    payment.latestCharge == null ? null : ledger.charge(payment.latestCharge).orElse(null);
            if (charge == null || !charge.succeeded()) {
                throw StripeApiException.invalidRequest("charge_not_refundable", "This PaymentIntent ("
                        + paymentIntent + ") does not have a successful charge to refund.", "payment_intent");
            }
            return charge;
        }
        PaymentLedger.Charge charge = ledger.charge(chargeId)
                .orElseThrow(() -> StripeApiException.notFound("charge", chargeId, "charge"));
        if (!charge.succeeded()) {
            throw StripeApiException.invalidRequest("charge_not_refundable",
                    "Charge " + chargeId + " has not succeeded and cannot be refunded.", "charge");
        }
        return charge;
    }

    private void settle(String id, long scheduledIn) {
        synchronized (ledger) {
            if (!ledger.settlementDue(scheduledIn)) {
                return;
            }
            PaymentLedger.Refund refund = ledger.refund(id).orElse(null);
            if (refund == null || !refund.status.equals("pending")) {
                return;
            }
            PaymentLedger.Charge charge = ledger.charge(refund.chargeId).orElseThrow();
            ObjectNode previous = StripeJson.refundBeforeSettlement();
            if (TestCard.byToken(charge.paymentMethod)
                    .map(card -> card.outcome() == TestCard.Outcome.SUCCEEDS_BUT_REFUNDS_FAIL).orElse(false)) {
                refund.status = "failed";
                refund.failureReason = "declined";
                charge.amountRefunded -= refund.amount;
                events.publish("refund.updated", StripeJson.refund(refund), previous, RequestContext.AUTOMATIC);
                events.publish("refund.failed", StripeJson.refund(refund), previous, RequestContext.AUTOMATIC);
            } else {
                refund.status = "succeeded";
                events.publish("refund.updated", StripeJson.refund(refund), previous, RequestContext.AUTOMATIC);
            }
        }
    }

    private static String money(long minor, String currency) {
        return String.format(Locale.ROOT, "%d.%02d %s", minor / 100, minor % 100, currency);
    }
}
