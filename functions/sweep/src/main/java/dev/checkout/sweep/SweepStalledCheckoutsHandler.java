package dev.checkout.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.ResendUnsentRefunds;
import dev.checkout.application.SweepStalledCheckouts;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.logging.LogContext;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Scheduled (EventBridge, every few minutes): no order stays awaiting payment without a running
 * checkout ({@link SweepStalledCheckouts}), and no refund stays stored but unsent
 * ({@link ResendUnsentRefunds}: one without a provider reference some minutes after it was stored is
 * queued to the charge function again), nor sent but unsettled (one the provider accepted that is still
 * pending some minutes after it was sent is queued too, and the charge function asks the provider). Input: the schedule's event (not read). Output:
 * {@code {"restarted", "cancelled", "refundsResent"}}. Environment: {@code PAYMENT_WINDOW_SECONDS}; an
 * order pending for longer than the payment window plus an hour is cancelled as stalled;
 * {@code REFUND_RESEND_AFTER_SECONDS} (default 300); {@code CHARGE_QUEUE_URL}. Errors:
 * {@code dev.checkout.domain.StorageUnavailableException} (the next run sweeps again).
 */
public final class SweepStalledCheckoutsHandler implements RequestStreamHandler {
    private static final int BATCH = 200;

    private final SweepStalledCheckouts sweep;
    private final ResendUnsentRefunds unsentRefunds;

    public SweepStalledCheckoutsHandler() {
        this(FunctionEnvironment.system());
    }

    public SweepStalledCheckoutsHandler(FunctionEnvironment env) {
        this(new CheckoutAdapters(env));
    }

    private SweepStalledCheckoutsHandler(CheckoutAdapters adapters) {
        this(adapters.sweepStalledCheckouts(), adapters.resendUnsentRefunds());
    }

    SweepStalledCheckoutsHandler(SweepStalledCheckouts sweep, ResendUnsentRefunds unsentRefunds) {
        this.sweep = sweep;
        this.unsentRefunds = unsentRefunds;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.during(context, () -> handle(input, output));
    }

    private void handle(InputStream input, OutputStream output) throws IOException {
        input.readAllBytes();
        SweepStalledCheckouts.Result result = sweep.sweep(BATCH);
        ObjectNode answer = Json.object();
        answer.put("restarted", result.restarted());
        answer.put("cancelled", result.cancelled());
        answer.put("refundsResent", unsentRefunds.resend(BATCH));
        Json.write(output, answer);
    }
}
