package dev.checkout.notification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.checkout.application.ApplyPaymentEvent;
import dev.checkout.aws.lambda.SqsBatch;
import dev.checkout.aws.logging.LogContext;
import dev.checkout.aws.sqs.NotificationMessage;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.port.PaymentEventReaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Consumer of the notification queue (SQS event source, {@code ReportBatchItemFailures}). Message: a
 * {@link NotificationMessage}, as the webhook receiver enqueued it; each event is
 * applied once through {@link ApplyPaymentEvent} (guarded transitions; duplicates and out-of-order
 * events are normal). A failed message is retried with growing delays, then moved to the DLQ.
 *
 * <p>Output: {@code {"batchItemFailures": [{"itemIdentifier"}]}}. Environment: {@code TABLE_NAME},
 * {@code CHECKOUT_STATE_MACHINE_ARN}, {@code NOTIFICATION_QUEUE_URL}, each platform's settings (see {@link PaymentAdapters}).
 */
public final class NotificationProcessor implements RequestStreamHandler {
    private final PaymentEventReaders readers;
    private final ApplyPaymentEvent apply;
    private final SqsBatch batch;

    public NotificationProcessor() {
        this(FunctionEnvironment.system());
    }

    public NotificationProcessor(FunctionEnvironment env) {
        this(new PaymentAdapters(new CheckoutAdapters(env)));
    }

    private NotificationProcessor(PaymentAdapters payments) {
        this(payments.eventParsers(), payments.applyPaymentEvent(), payments.notificationQueueBatch());
    }

    NotificationProcessor(PaymentEventReaders readers, ApplyPaymentEvent apply, SqsBatch batch) {
        this.readers = readers;
        this.apply = apply;
        this.batch = batch;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        batch.process(input, output, context, this::handle);
    }

    private void handle(SqsBatch.Message message) {
        NotificationMessage notification = NotificationMessage.parse(message.body());
        LogContext.put(LogContext.EVENT_ID, notification.eventId());
        PaymentEvent event = readers.named(notification.provider()).read(notification.payload());
        LogContext.put(LogContext.ORDER_ID, event.orderId());
        LogContext.put(LogContext.PAYMENT_ID, event.paymentId());
        apply.apply(event);
    }
}
