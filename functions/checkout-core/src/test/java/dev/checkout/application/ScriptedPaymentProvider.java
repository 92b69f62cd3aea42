package dev.checkout.application;

import dev.checkout.domain.NextAction;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.port.PaymentProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A provider that behaves like Stripe's test mode for the tokens the tests use, is idempotent by key,
 * and can be told to fail the next calls. Counts what actually moved money.
 */
final class ScriptedPaymentProvider implements PaymentProvider {
    final Map<String, ProviderPayment> paymentsByKey = new LinkedHashMap<>();
    final Map<String, ProviderRefund> refundsByKey = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private final Deque<Supplier<RuntimeException>> faults = new ArrayDeque<>();
    private int sequence;
    /** Runs inside each charge call, after the request reached the provider. */
    Runnable duringCharge = () -> { };
    /** Runs inside each lookup by payment id, after the provider read its answer. */
    Runnable duringLookup = () -> { };
    private int answersToLose;

    void failNext(int times) {
        for (int i = 0; i < times; i++) {
            faults.add(() -> new PaymentProviderUnavailableException("simulated 500"));
        }
    }

    /** The next {@code times} charges go through at the provider, but their answers are lost (the call fails as unavailable). */
    void loseNextAnswers(int times) {
        answersToLose += times;
    }

    private void maybeFail() {
        Supplier<RuntimeException> fault = faults.poll();
        if (fault != null) {
            throw fault.get();
        }
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public ProviderPayment charge(ChargeRequest request) {
        calls.add("charge " + request.paymentId());
        maybeFail();
        duringCharge.run();
        ProviderPayment payment = paymentsByKey.computeIfAbsent(request.paymentId().value(), key -> switch (request.paymentMethod()) {
            case "pm_card_chargeDeclined" -> new ProviderPayment("pi_" + (++sequence), Status.FAILED, request.amount(), "card_declined");
            case "pm_card_authenticationRequired" -> new ProviderPayment("pi_" + (++sequence), Status.PENDING, request.amount(), null,
                    NextAction.redirect("https://hooks.example/3ds/pi_" + sequence, "pi_" + sequence + "_secret_x"));
            default -> new ProviderPayment("pi_" + (++sequence), Status.SUCCEEDED, request.amount(), null);
        });
        if (answersToLose > 0) {
            answersToLose--;
            throw new PaymentProviderUnavailableException("simulated timeout after the provider took the charge");
        }
        if (payment.status() == Status.FAILED) {
            throw new PaymentDeclinedException("Your card was declined.", payment.failureCode(), payment.reference(), null);
        }
        return payment;
    }

    @Override
    public Optional<ProviderPayment> findPayment(String reference) {
        return paymentsByKey.values().stream().filter(p -> p.reference().equals(reference)).findFirst();
    }

    @Override
    public Optional<ProviderPayment> findByPaymentId(PaymentId paymentId) {
        calls.add("find " + paymentId);
        maybeFail();
        Optional<ProviderPayment> found = Optional.ofNullable(paymentsByKey.get(paymentId.value()));
        duringLookup.run();
        return found;
    }

    @Override
    public ProviderPayment cancel(String reference) {
        calls.add("cancel " + reference);
        maybeFail();
        for (var entry : paymentsByKey.entrySet()) {
            ProviderPayment p = entry.getValue();
            if (p.reference().equals(reference)) {
                if (p.status() == Status.PENDING) {
                    ProviderPayment canceled = new ProviderPayment(reference, Status.CANCELED, p.amount(), null);
                    entry.setValue(canceled);
                    return canceled;
                }
                return p;
            }
        }
        throw new IllegalArgumentException("no payment " + reference);
    }

    @Override
    public ProviderRefund refund(RefundRequest request) {
        calls.add("refund " + request.refundId());
        maybeFail();
        return refundsByKey.computeIfAbsent(request.refundId().value(),
                key -> new ProviderRefund("re_" + (++sequence), Status.PENDING, request.amount(), null));
    }

    @Override
    public Optional<ProviderRefund> findRefund(String reference) {
        calls.add("find refund " + reference);
        maybeFail();
        return refundsByKey.values().stream().filter(r -> r.reference().equals(reference)).findFirst();
    }

    /** The provider's record of the payment {@code reference} moves on, e.g. the customer authenticated. */
    void settlePayment(String reference, Status status) {
        paymentsByKey.replaceAll((key, p) -> p.reference().equals(reference) ? new ProviderPayment(reference, status, p.amount(), null) : p);
    }

    /** The provider's record of the refund {@code reference} moves on. */
    void settleRefund(String reference, Status status) {
        refundsByKey.replaceAll((key, r) -> r.reference().equals(reference) ? new ProviderRefund(reference, status, r.amount(), null) : r);
    }

    long refundsSent() {
        return refundsByKey.size();
    }
}
