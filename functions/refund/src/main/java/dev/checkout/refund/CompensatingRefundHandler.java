package dev.checkout.refund;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.CompensatePayment;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.logging.LogContext;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Refund;
import dev.checkout.port.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The workflow's {@code RefundPayment} task: after the order could not be confirmed, refunds what the
 * payment captured, recording the payment first when the failed confirmation never did. Input
 * {@code {"orderId", "paymentId", "payment"?}} ({@code payment}: the payment step's result); output {@code {"refunded": bool, "refundId"?,
 * "status"?}}. Harmless when run again or when nothing was captured. Errors are thrown for the
 * workflow's Retry (e.g. {@code dev.checkout.domain.PaymentProviderUnavailableException}).
 */
public final class CompensatingRefundHandler implements RequestStreamHandler {
    private final CompensatePayment compensatePayment;
    private final Clock clock;

    public CompensatingRefundHandler() {
        this(FunctionEnvironment.system());
    }

    public CompensatingRefundHandler(FunctionEnvironment env) {
        this(new PaymentAdapters(new CheckoutAdapters(env)));
    }

    private CompensatingRefundHandler(PaymentAdapters adapters) {
        this(adapters.compensatePayment(), adapters.checkout().clock());
    }

    CompensatingRefundHandler(CompensatePayment compensatePayment, Clock clock) {
        this.compensatePayment = compensatePayment;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.during(context, () -> handle(input, output));
    }

    private void handle(InputStream input, OutputStream output) throws IOException {
        JsonNode task = Json.read(input);
        OrderId orderId = OrderId.of(task.path("orderId").asText(null));
        PaymentId paymentId = PaymentId.of(task.path("paymentId").asText(null));
        LogContext.put(LogContext.ORDER_ID, orderId.value());
        LogContext.put(LogContext.PAYMENT_ID, paymentId.value());
        Payment succeeded = CheckoutState.payment(task.get("payment"), orderId, clock.now());
        Optional<Refund> refund = succeeded != null ? compensatePayment.compensate(succeeded) : compensatePayment.compensate(orderId, paymentId);
        ObjectNode result = Json.object();
        result.put("refunded", refund.isPresent());
        refund.ifPresent(r -> {
            result.put("refundId", r.refundId().value());
            result.put("status", r.status().name());
        });
        Json.write(output, result);
    }
}
