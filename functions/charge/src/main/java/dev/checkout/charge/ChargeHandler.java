package dev.checkout.charge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.application.CancelPayment;
import dev.checkout.application.SendRefund;
import dev.checkout.application.RequestCharge;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.lambda.SqsBatch;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Consumer of the charge queue (SQS event source, {@code ReportBatchItemFailures}). Three messages:
 * <ul>
 *   <li>{@code {"orderId", "attempt", "taskToken"}} from the workflow's {@code RequestPayment} step:
 *       {@link RequestCharge}. A provider outage fails the message, so SQS delivers it again later; on its
 *       last allowed delivery ({@code CHARGE_MAX_RECEIVES}, default 5, the queue's maxReceiveCount) the
 *       step is failed with {@code dev.checkout.domain.PaymentProviderUnavailableException}.</li>
 *   <li>{@code {"type": "cancel-payments", "orderId"}} from the order cancel API:
 *       {@link CancelPayment#cancelAndRefund}.</li>
 *   <li>{@code {"type": "send-refund", "orderId", "refundId"}} from the scheduled sweep, for a refund
 *       stored but never accepted by the provider: {@link SendRefund#resend}.</li>
 * </ul>
 * Output: {@code {"batchItemFailures": [{"itemIdentifier"}]}}. Environment: see {@link PaymentAdapters}
 * and {@link CheckoutAdapters}, plus {@code CHARGE_QUEUE_URL}.
 */
public final class ChargeHandler implements RequestStreamHandler {
    static final String CANCEL_PAYMENTS = "cancel-payments";
    static final String SEND_REFUND = "send-refund";

    private final RequestCharge requestCharge;
    private final CancelPayment cancelPayment;
    private final SendRefund sendRefund;
    private final SqsBatch batch;
    private final int maxReceives;

    public ChargeHandler() {
        this(FunctionEnvironment.system());
    }

    public ChargeHandler(FunctionEnvironment env) {
        this(new PaymentAdapters(new CheckoutAdapters(env)));
    }

    private ChargeHandler(PaymentAdapters payments) {
        this(payments.requestCharge(), payments.cancelPayment(), payments.sendRefund(),
                new SqsBatch(payments.checkout().sqsOnFirstUse(), payments.checkout().environment().require("CHARGE_QUEUE_URL"),
                        Duration.ofSeconds(15), Duration.ofMinutes(15)),
                (int) payments.checkout().environment().number("CHARGE_MAX_RECEIVES", 5));
    }

    ChargeHandler(RequestCharge requestCharge, CancelPayment cancelPayment, SendRefund sendRefund, SqsBatch batch, int maxReceives) {
        this.requestCharge = requestCharge;
        this.cancelPayment = cancelPayment;
        this.sendRefund = sendRefund;
        this.batch = batch;
        this.maxReceives = maxReceives;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        batch.process(input, output, this::handle);
    }

    private void handle(SqsBatch.Message message) {
        JsonNode body = Json.parse(message.body());
        OrderId orderId = OrderId.of(body.path("orderId").asText(null));
        String type = body.path("type").asText();
        if (CANCEL_PAYMENTS.equals(type)) {
            cancelPayment.cancelAndRefund(orderId);
            return;
        }
        if (SEND_REFUND.equals(type)) {
            sendRefund.resend(orderId, RefundId.of(body.path("refundId").asText(null)));
            return;
        }
        JsonNode attempt = body.path("attempt");
        if (!attempt.canConvertToInt()) {
            throw new ValidationException("attempt must be a whole number");
        }
        requestCharge.charge(new RequestCharge.Command(orderId, attempt.asInt(), body.path("taskToken").asText(null),
                CheckoutState.money(body.get("amount")), paymentMethod(body.get("paymentMethod")), message.receiveCount(), maxReceives));
    }

    private static String paymentMethod(JsonNode paymentMethod) {
        if (paymentMethod == null || paymentMethod.isNull()) {
            return null;
        }
        if (!paymentMethod.isTextual()) {
            throw new ValidationException("paymentMethod must be a string");
        }
        return paymentMethod.asText();
    }
}
