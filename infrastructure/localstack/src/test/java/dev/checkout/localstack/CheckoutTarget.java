package dev.checkout.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.local.services.SamTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Where a checkout runs: a Step Functions endpoint with the checkout state machine, its charge queue, and
 * the functions' code wired to them as Lambda would wire it (same handlers, environment variables pointing
 * at the endpoints). Its charge queue is consumed as Lambda's SQS event source does: batches of up to 10,
 * the handler's {@code batchItemFailures} left on the queue, the rest deleted.
 */
final class CheckoutTarget implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<ExecutionStatus> TERMINAL = Set.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
            ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED);

    private final String name;
    private final SfnClient stepFunctions;
    private final String stateMachineArn;
    private final Map<String, String> environment;
    private final CheckoutAdapters adapters;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "checkout-target-worker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    CheckoutTarget(String name, SfnClient stepFunctions, String stateMachineArn, Map<String, String> environment) {
        this.name = name;
        this.stepFunctions = stepFunctions;
        this.stateMachineArn = stateMachineArn;
        this.environment = Map.copyOf(environment);
        this.adapters = new CheckoutAdapters(FunctionEnvironment.of(this.environment));
    }

    /** The environment of the functions: the template's variables, pointed at this target. */
    static Map<String, String> functionEnvironment(Map<String, String> common, String stepFunctionsEndpoint, String stateMachineArn,
                                                   String chargeQueueUrl) {
        Map<String, String> environment = new HashMap<>(common);
        environment.put("AWS_ENDPOINT_URL_SFN", stepFunctionsEndpoint);
        environment.put("CHECKOUT_STATE_MACHINE_ARN", stateMachineArn);
        environment.put("CHARGE_QUEUE_URL", chargeQueueUrl);
        return environment;
    }

    String name() {
        return name;
    }

    CheckoutAdapters adapters() {
        return adapters;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Runs the charge function on the charge queue until this target closes. */
    void consumeChargeQueue(SamTemplate template, SqsClient sqs) {
        FunctionCode charge = FunctionCode.of(template, "ChargeFunction", environment);
        String queueUrl = environment.get("CHARGE_QUEUE_URL");
        workers.submit(() -> {
            while (!closed) {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    deliver(charge, sqs, queueUrl, messages);
                }
            }
            return null;
        });
    }

    private static void deliver(FunctionCode function, SqsClient sqs, String queueUrl, List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            record.put("eventSource", "aws:sqs");
            record.putObject("attributes").put("ApproximateReceiveCount",
                    message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        }
        Set<String> failed;
        try {
            JsonNode response = JSON.readTree(function.invoke(event.toString()));
            failed = new java.util.HashSet<>();
            response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        } catch (FunctionCode.Failure | java.io.IOException e) {
            return; // the whole batch comes back after its visibility timeout, as with Lambda
        }
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** Runs {@code function}'s code for the tasks of a Step Functions activity until this target closes. */
    void workActivity(SfnClient longPolling, String activityArn, FunctionCode function) {
        workers.submit(() -> {
            while (!closed) {
                var task = longPolling.getActivityTask(r -> r.activityArn(activityArn).workerName(function.toString()));
                if (task.taskToken() == null || task.taskToken().isEmpty()) {
                    continue;
                }
                try {
                    String output = function.invoke(task.input());
                    stepFunctions.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output(output.isBlank() ? "{}" : output));
                } catch (FunctionCode.Failure failure) {
                    stepFunctions.sendTaskFailure(r -> r.taskToken(task.taskToken()).error(failure.errorType()).cause(failure.getMessage()));
                }
            }
            return null;
        });
    }

    /** The execution of an order's checkout (named after the order). */
    String executionArn(String orderId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + orderId;
    }

    /** Waits until the execution ends; the conditions are awaited, with no time limit of their own. */
    CheckoutRun awaitEnd(String orderId) throws InterruptedException {
        String arn = executionArn(orderId);
        var execution = stepFunctions.describeExecution(r -> r.executionArn(arn));
        while (!TERMINAL.contains(execution.status())) {
            Thread.sleep(100);
            execution = stepFunctions.describeExecution(r -> r.executionArn(arn));
        }
        List<HistoryEvent> history = new ArrayList<>();
        stepFunctions.getExecutionHistoryPaginator(r -> r.executionArn(arn)).events().forEach(history::add);
        List<String> states = history.stream().filter(e -> e.stateEnteredEventDetails() != null)
                .map(e -> e.stateEnteredEventDetails().name()).collect(Collectors.toList());
        List<String> taskEvents = history.stream().map(HistoryEvent::type)
                .filter(t -> t == HistoryEventType.TASK_TIMED_OUT || t == HistoryEventType.TASK_FAILED || t == HistoryEventType.TASK_SUCCEEDED)
                .map(HistoryEventType::toString).toList();
        return new CheckoutRun(execution.status(), execution.error(), states, taskEvents);
    }

    /** Waits until {@code condition} holds. */
    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(Duration.ofMillis(100).toMillis());
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdown();
    }

    @Override
    public String toString() {
        return name;
    }
}
