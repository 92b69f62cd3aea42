package dev.checkout.aws.stepfunctions;

import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.WorkflowUnavailableException;
import dev.checkout.port.CheckoutWorkflow;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskSucceededEventDetails;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The checkout state machine on Step Functions. The execution is named after the order, so a
 * repeated start returns the running execution (same input) or is refused as already existing
 * (it has finished): both mean the checkout was started.
 */
public final class StepFunctionsCheckoutWorkflow implements CheckoutWorkflow {
    private final SfnClient client;
    private final String stateMachineArn;

    public StepFunctionsCheckoutWorkflow(SfnClient client, String stateMachineArn) {
        this.client = client;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public void start(Order order) {
        String input = Json.write(CheckoutState.input(order));
        try {
            client.startExecution(r -> r.stateMachineArn(stateMachineArn)
                    .name(order.orderId().value())
                    .input(input));
        } catch (ExecutionAlreadyExistsException alreadyStarted) {
            // started before: nothing to do
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("could not start the checkout of " + order.orderId(), e);
        }
    }

    @Override
    public void stop(OrderId orderId, String cause) {
        try {
            client.stopExecution(r -> r.executionArn(executionArn(orderId)).error("OrderCancelled").cause(cause));
        } catch (ExecutionDoesNotExistException absent) {
            // never started: nothing to stop
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("could not stop the checkout of " + orderId, e);
        }
    }

    /**
     * Reads the stopped execution's history, newest first: an execution that ends with
     * {@code ExecutionAborted} and whose payment step ({@code sqs:sendMessage.waitForTaskToken}) has a
     * {@code TaskSucceeded} event holds that event's output, the payment. Only order cancels ask, so the
     * extra request is off the checkout's path.
     */
    @Override
    public Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId) {
        try {
            boolean newest = true;
            for (HistoryEvent event : client.getExecutionHistoryPaginator(r -> r.executionArn(executionArn(orderId)).reverseOrder(true)).events()) {
                if (newest && event.type() != HistoryEventType.EXECUTION_ABORTED) {
                    return Optional.empty();
                }
                newest = false;
                TaskSucceededEventDetails task = event.taskSucceededEventDetails();
                if (event.type() == HistoryEventType.TASK_SUCCEEDED && task != null && "sqs".equals(task.resourceType())
                        && task.resource() != null && task.resource().startsWith("sendMessage")) {
                    return Optional.ofNullable(CheckoutState.payment(Json.parse(task.output()), orderId, event.timestamp()));
                }
            }
            return Optional.empty();
        } catch (ExecutionDoesNotExistException absent) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("could not read the stopped checkout of " + orderId, e);
        }
    }

    /**
     * Asks with {@code SendTaskHeartbeat}, which Step Functions refuses for a step that closed
     * ({@code TaskTimedOut} on AWS, {@code InvalidToken} on LocalStack). The payment step declares
     * {@code HeartbeatSeconds} (its payment window) so that a heartbeat is legal while it waits: LocalStack
     * refuses one, as {@code InvalidToken}, for a step that declares none, and so does the local engine.
     */
    @Override
    public boolean isWaiting(String taskToken) {
        return callback(() -> client.sendTaskHeartbeat(r -> r.taskToken(taskToken)));
    }

    @Override
    public boolean paymentSucceeded(String taskToken, Payment payment) {
        String output = Json.write(CheckoutState.paymentResult(payment));
        return callback(() -> client.sendTaskSuccess(r -> r.taskToken(taskToken).output(output)));
    }

    @Override
    public boolean paymentFailed(String taskToken, String error, String cause) {
        return callback(() -> client.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause)));
    }

    private static boolean callback(Runnable call) {
        try {
            call.run();
            return true;
        } catch (TaskTimedOutException | TaskDoesNotExistException closed) {
            return false;
        } catch (InvalidTokenException refused) {
            // On AWS a malformed token; LocalStack answers it for a step that closed. Either way the step takes
            // nothing from this token: said in the log under its own name, so a malformed one is seen.
            System.getLogger(StepFunctionsCheckoutWorkflow.class.getName()).log(System.Logger.Level.WARNING,
                    "the workflow refused a task token as invalid (InvalidToken); taken as a step that closed");
            return false;
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("could not resume the checkout workflow", e);
        }
    }

    /** {@code arn:aws:states:region:account:stateMachine:name} becomes {@code ...:execution:name:<order id>}. */
    String executionArn(OrderId orderId) {
        return executionArn(stateMachineArn, orderId);
    }

    static String executionArn(String stateMachineArn, OrderId orderId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + orderId.value();
    }
}
