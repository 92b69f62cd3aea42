package dev.checkout.local.payments;

import java.util.List;

/**
 * A read-only view of the ledger for tests and the fault campaign: immutable snapshots of its payments, charges and
 * refunds, whatever provider's API made them, and the charge count per idempotency key.
 */
final class LedgerSnapshots {
    private final PaymentLedger<?> ledger;

    LedgerSnapshots(PaymentLedger<?> ledger) {
        this.ledger = ledger;
    }

    List<SimulatedPaymentIntent> paymentIntents() {
        return ledger.paymentsAs(p -> new SimulatedPaymentIntent(p.id, p.amount, p.currency, p.status,
                p.paymentMethod, p.latestCharge, p.amountReceived, p.metadata, p.description, p.idempotencyKey));
    }

    List<SimulatedCharge> charges() {
        return ledger.chargesAs(c -> new SimulatedCharge(c.id, c.paymentId, c.amount, c.currency, c.status,
                c.amountRefunded, ledger.payment(c.paymentId).orElseThrow().idempotencyKey));
    }

    List<SimulatedRefund> refunds() {
        return ledger.refundsAs(r -> new SimulatedRefund(r.id, r.paymentId, r.chargeId, r.amount, r.currency,
                r.status, r.reason, r.failureReason, r.metadata));
    }

    /** The payments created with {@code idempotencyKey}, and the charges made for them. */
    ChargeCount chargeCount(String idempotencyKey) {
        synchronized (ledger) {
            long payments = paymentIntents().stream()
                    .filter(p -> idempotencyKey.equals(p.idempotencyKey())).count();
            List<SimulatedCharge> charges = charges().stream()
                    .filter(c -> idempotencyKey.equals(c.idempotencyKey())).toList();
            long succeeded = charges.stream().filter(c -> c.status().equals("succeeded")).count();
            return new ChargeCount(idempotencyKey, (int) payments, charges.size(), (int) succeeded);
        }
    }
}
