package dev.checkout.aws.wiring;

import dev.checkout.application.HandleDeadLetters;
import dev.checkout.application.InspectOrder;
import dev.checkout.application.ReviewAttention;
import dev.checkout.aws.dynamodb.DynamoDbWebhookInbox;
import dev.checkout.aws.sqs.SqsDeadLetterQueues;
import dev.checkout.aws.stepfunctions.StepFunctionsCheckoutHistory;
import dev.checkout.port.CheckoutHistory;
import dev.checkout.port.DeadLetterQueues;
import dev.checkout.port.ReceivedNotifications;
import java.util.Map;

/**
 * The operations console's use cases, built from the environment: {@code CHECKOUT_STATE_MACHINE_ARN} (the
 * checkouts' histories), and each dead-letter queue with the queue it serves, {@code CHARGE_DEAD_LETTER_QUEUE_URL}
 * with {@code CHARGE_QUEUE_URL} ({@code charge}) and {@code NOTIFICATION_DEAD_LETTER_QUEUE_URL} with
 * {@code NOTIFICATION_QUEUE_URL} ({@code notification}). A missing one fails at start.
 */
public final class OperationsAdapters {
    private final CheckoutAdapters checkout;

    public OperationsAdapters(CheckoutAdapters checkout) {
        this.checkout = checkout;
    }

    /** An order's checkout steps and payment notifications. */
    public InspectOrder inspectOrder() {
        return new InspectOrder(checkout.orders(), checkoutHistory(), receivedNotifications());
    }

    /** Stalled checkouts, unsent refunds, dead letters waiting. */
    public ReviewAttention reviewAttention() {
        return new ReviewAttention(checkout.orders(), checkout.refunds(), deadLetterQueues(), checkout.clock());
    }

    /** Looking at and redriving dead letters. */
    public HandleDeadLetters handleDeadLetters() {
        return new HandleDeadLetters(deadLetterQueues(), checkout.idempotency(), checkout.clock());
    }

    CheckoutHistory checkoutHistory() {
        String stateMachineArn = checkout.environment().require("CHECKOUT_STATE_MACHINE_ARN");
        var history = checkout.onFirstUse(() -> new StepFunctionsCheckoutHistory(checkout.stepFunctions(), stateMachineArn));
        return orderId -> history.get().steps(orderId);
    }

    ReceivedNotifications receivedNotifications() {
        return new DynamoDbWebhookInbox(checkout.dynamoDb(), checkout.environment().require("TABLE_NAME"), checkout.clock());
    }

    DeadLetterQueues deadLetterQueues() {
        FunctionEnvironment env = checkout.environment();
        var queues = Map.of(
                "charge", new SqsDeadLetterQueues.Queue(env.require("CHARGE_DEAD_LETTER_QUEUE_URL"), env.require("CHARGE_QUEUE_URL")),
                "notification", new SqsDeadLetterQueues.Queue(env.require("NOTIFICATION_DEAD_LETTER_QUEUE_URL"), env.require("NOTIFICATION_QUEUE_URL")));
        return new SqsDeadLetterQueues(checkout.sqs(), queues);
    }
}
