package dev.checkout.charge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.checkout.application.CancelPayment;
import dev.checkout.application.RequestCharge;
import dev.checkout.application.SendRefund;
import dev.checkout.aws.lambda.SqsBatch;
import dev.checkout.aws.logging.LogContext;
import dev.checkout.aws.sqs.ChargeQueueMessage;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Consumer of the charge queue (SQS event source, {@code ReportBatchItemFailures}). Three messages
 * ({@link ChargeQueueMessage}):
 * <ul>
 *   <li>a charge, from the workflow's {@code RequestPayment} step:
 *       {@link RequestCharge}. A provider outage fails the message, so SQS delivers it again later; on its
 *       last allowed delivery ({@link PaymentAdapters#chargeMaxReceives}, the queue's maxReceiveCount) the
 *       step is failed with {@code dev.checkout.domain.PaymentProviderUnavailableException}.</li>
 *   <li>cancel-payments, from the order cancel API: {@link CancelPayment#cancelAndRefund}.</li>
 *   <li>send-refund, from the scheduled sweep, for a refund
 *       stored but never accepted by the provider, or accepted but never settled (the provider is asked):
 *       {@link SendRefund#resend}.</li>
 * </ul>
 * Output: {@code {"batchItemFailures": [{"itemIdentifier"}]}}. Environment: see {@link PaymentAdapters}
 * and {@link CheckoutAdapters}.
 */
public final class ChargeHandler implements RequestStreamHandler {
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
        this(payments.requestCharge(), payments.cancelPayment(), payments.sendRefund(), payments.chargeQueueBatch(), payments.chargeMaxReceives());
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
        batch.process(input, output, context, this::handle);
    }

    private void handle(SqsBatch.Message message) {
        ChargeQueueMessage parsed = ChargeQueueMessage.parse(message.body());
        LogContext.put(LogContext.ORDER_ID, parsed.orderId().value());
        if (parsed instanceof ChargeQueueMessage.CancelPayments cancel) {
            cancelPayment.cancelAndRefund(cancel.orderId());
        } else if (parsed instanceof ChargeQueueMessage.SendRefund send) {
            sendRefund.resend(send.orderId(), send.refundId());
        } else if (parsed instanceof ChargeQueueMessage.Charge charge) {
            requestCharge.charge(new RequestCharge.Command(charge.orderId(), charge.attempt(), charge.taskToken(), charge.amount(),
                    charge.paymentMethod(), message.receiveCount(), maxReceives));
        }
    }
}
