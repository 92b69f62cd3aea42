package dev.checkout.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.DefinitionParser;
import dev.checkout.local.stepfunctions.asl.InvalidDefinitionException;
import dev.checkout.local.stepfunctions.asl.StateMachineDefinition;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.execution.EngineServices;
import dev.checkout.local.stepfunctions.execution.EventCursor;
import dev.checkout.local.stepfunctions.execution.ExecutionRecord;
import dev.checkout.local.stepfunctions.execution.ExecutionRun;
import dev.checkout.local.stepfunctions.execution.PendingTask;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.task.DynamoDbIntegration;
import dev.checkout.local.stepfunctions.task.LambdaInvoker;
import dev.checkout.local.stepfunctions.task.ServiceIntegration;
import dev.checkout.local.stepfunctions.task.SqsIntegration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local AWS Step Functions engine (Standard workflows, JSONPath query language), embeddable as a
 * library. Executions run asynchronously on the engine's own threads; every wait goes through the
 * {@link EngineClock}. {@code StepFunctionsHttpServer} exposes the same operations over the AWS JSON
 * 1.0 protocol.
 *
 * <pre>{@code
 * try (StepFunctionsEngine engine = StepFunctionsEngine.builder()
 *         .clock(clock).lambdaInvoker(invoker).sqsClient(sqs).dynamoDbClient(dynamoDb).build()) {
 *     String machine = engine.createStateMachine("checkout", definition, null).stateMachineArn();
 *     String arn = engine.startExecution(machine, "order-1", "{}").executionArn();
 *     ExecutionDescription done = engine.awaitTermination(arn, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class StepFunctionsEngine implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final String DEFAULT_ROLE = "arn:aws:iam::%s:role/StepFunctionsLocalRole";

    private record Machine(StateMachineDescription description, StateMachineDefinition definition) {
    }

    private final EngineServices services;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, ExecutionRecord> executions = new LinkedHashMap<>();

    private StepFunctionsEngine(Builder builder) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "stepfunctions-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Map<String, ServiceIntegration> integrations = new HashMap<>(builder.integrations);
        this.services = new EngineServices(builder.clock, executor, builder.lambdaInvoker, Map.copyOf(integrations),
                new ConcurrentHashMap<>(), builder.region, builder.accountId);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String region() {
        return services.region();
    }

    public String accountId() {
        return services.accountId();
    }

    public EngineClock clock() {
        return services.clock();
    }

    // ----- state machines

    /**
     * Creates a state machine, or returns the existing one when name, definition and role are the
     * same (AWS's idempotent create).
     */
    public synchronized StateMachineDescription createStateMachine(String name, String definition, String roleArn) {
        checkName(name);
        StateMachineDefinition parsed = parse(definition);
        String arn = "arn:aws:states:" + region() + ":" + accountId() + ":stateMachine:" + name;
        String role = roleArn == null ? DEFAULT_ROLE.formatted(accountId()) : roleArn;
        Machine existing = machines.get(arn);
        if (existing != null) {
            if (existing.description().definition().equals(definition) && existing.description().roleArn().equals(role)) {
                return existing.description();
            }
            throw new StepFunctionsApiException(ApiError.STATE_MACHINE_ALREADY_EXISTS, "State Machine Already Exists: '" + arn + "'");
        }
        StateMachineDescription description = new StateMachineDescription(arn, name, definition, role, clock().now());
        machines.put(arn, new Machine(description, parsed));
        return description;
    }

    /** Replaces a state machine's definition and/or role; running executions keep the old definition. */
    public synchronized StateMachineDescription updateStateMachine(String stateMachineArn, String definition, String roleArn) {
        Machine machine = machine(stateMachineArn);
        if (definition == null && roleArn == null) {
            throw new StepFunctionsApiException(ApiError.VALIDATION, "Either the definition or the roleArn must be specified");
        }
        StateMachineDefinition parsed = definition == null ? machine.definition() : parse(definition);
        StateMachineDescription old = machine.description();
        StateMachineDescription updated = new StateMachineDescription(old.stateMachineArn(), old.name(),
                definition == null ? old.definition() : definition, roleArn == null ? old.roleArn() : roleArn, old.creationDate());
        machines.put(stateMachineArn, new Machine(updated, parsed));
        return updated;
    }

    public synchronized StateMachineDescription describeStateMachine(String stateMachineArn) {
        return machine(stateMachineArn).description();
    }

    public synchronized List<StateMachineDescription> listStateMachines() {
        return machines.values().stream().map(Machine::description).toList();
    }

    public synchronized void deleteStateMachine(String stateMachineArn) {
        checkArn(stateMachineArn, "stateMachine");
        machines.remove(stateMachineArn);
    }

    // ----- executions

    /**
     * Starts an execution. With a name already used on this state machine: the same input while the
     * first is still running returns the first; anything else is {@code ExecutionAlreadyExists}.
     *
     * @param name  null for a generated name
     * @param input JSON text, null for {@code {}}
     */
    public ExecutionDescription startExecution(String stateMachineArn, String name, String input) {
        String text = input == null ? "{}" : input;
        try {
            Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new StepFunctionsApiException(ApiError.INVALID_EXECUTION_INPUT, "Invalid State Machine Execution Input: '"
                    + e.getOriginalMessage() + "'");
        }
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        checkName(executionName);
        ExecutionRecord record;
        ExecutionRun run;
        synchronized (this) {
            Machine machine = machine(stateMachineArn);
            String arn = "arn:aws:states:" + region() + ":" + accountId() + ":execution:" + machine.description().name() + ":"
                    + executionName;
            ExecutionRecord existing = executions.get(arn);
            if (existing != null) {
                if (existing.status() == ExecutionStatus.RUNNING && sameJson(existing.input(), text)) {
                    return existing.describe();
                }
                throw new StepFunctionsApiException(ApiError.EXECUTION_ALREADY_EXISTS, "Execution Already Exists: '" + arn + "'");
            }
            record = new ExecutionRecord(arn, stateMachineArn, executionName, text, clock());
            executions.put(arn, record);
            record.terminated().thenRun(() -> services.tokens().values().stream()
                    .filter(task -> task.executionArn().equals(arn))
                    .forEach(task -> task.complete(new PendingTask.Closed())));
            run = new ExecutionRun(services, record, machine.definition(), stateMachineArn, machine.description().name(),
                    machine.description().roleArn());
        }
        services.executor().execute(run::run);
        return record.describe();
    }

    private static boolean sameJson(String a, String b) {
        try {
            return Objects.equals(Json.parse(a), Json.parse(b));
        } catch (JsonProcessingException e) {
            return a.equals(b);
        }
    }

    public ExecutionDescription describeExecution(String executionArn) {
        return execution(executionArn).describe();
    }

    /** Executions of a state machine, newest first, optionally only those with {@code status}. */
    public List<ExecutionDescription> listExecutions(String stateMachineArn, ExecutionStatus status) {
        List<ExecutionRecord> all;
        synchronized (this) {
            machine(stateMachineArn);
            all = new ArrayList<>(executions.values());
        }
        List<ExecutionDescription> result = new ArrayList<>();
        for (ExecutionRecord record : all) {
            ExecutionDescription description = record.describe();
            if (description.stateMachineArn().equals(stateMachineArn) && (status == null || description.status() == status)) {
                result.add(description);
            }
        }
        result.sort(Comparator.comparing(ExecutionDescription::startDate).reversed());
        return result;
    }

    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        return execution(executionArn).history();
    }

    /** Aborts a running execution; a closed one is returned as it is. */
    public ExecutionDescription stopExecution(String executionArn, String error, String cause) {
        ExecutionRecord record = execution(executionArn);
        ObjectNode details = Json.object();
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", cause);
        }
        record.close(ExecutionStatus.ABORTED, null, error, cause, new EventCursor(record.lastEventId()), "ExecutionAborted",
                "executionAbortedEventDetails", details);
        return record.describe();
    }

    /**
     * Waits (without polling) until the execution reaches a terminal status.
     *
     * @throws TimeoutException when it has not within {@code timeout} of wall time
     */
    public ExecutionDescription awaitTermination(String executionArn, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            return execution(executionArn).terminated().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Completes with the execution's description once it reaches a terminal status. */
    public CompletableFuture<ExecutionDescription> termination(String executionArn) {
        return execution(executionArn).terminated();
    }

    /**
     * Waits (without polling) until a task of the execution is parked on a task token, and returns
     * that token. Handy for tests that play the part of the worker.
     */
    public String awaitTaskToken(String executionArn, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutionRecord record = execution(executionArn);
        record.terminated().thenRun(() -> {
            synchronized (services.tokens()) {
                services.tokens().notifyAll();
            }
        });
        synchronized (services.tokens()) {
            while (true) {
                for (PendingTask task : services.tokens().values()) {
                    if (task.executionArn().equals(executionArn) && !task.outcome().isDone()) {
                        return task.token();
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || record.status().isTerminal()) {
                    throw new TimeoutException("no open task token for " + executionArn);
                }
                services.tokens().wait(Math.max(1, remaining / 1_000_000));
            }
        }
    }

    /** The number of state transitions an execution has made (states entered plus retries). */
    public long stateTransitions(String executionArn) {
        return execution(executionArn).describe().stateTransitions();
    }

    // ----- task tokens

    public void sendTaskSuccess(String taskToken, String output) {
        JsonNode parsed;
        try {
            parsed = Json.parse(output == null ? "null" : output);
        } catch (JsonProcessingException e) {
            throw new StepFunctionsApiException(ApiError.INVALID_OUTPUT, "Invalid Output: '" + e.getOriginalMessage() + "'");
        }
        settle(task(taskToken), new PendingTask.Succeeded(parsed));
    }

    public void sendTaskFailure(String taskToken, String error, String cause) {
        settle(task(taskToken), new PendingTask.Failed(error, cause));
    }

    private void settle(PendingTask task, PendingTask.Outcome outcome) {
        ExecutionRecord record;
        synchronized (this) {
            record = executions.get(task.executionArn());
        }
        if (record == null || !record.settle(task, outcome)) {
            throw closed();
        }
    }

    /**
     * Resets the heartbeat clock of the task holding {@code taskToken}. A task whose state declares no
     * {@code HeartbeatSeconds} refuses it with {@code InvalidToken}, as LocalStack does; a closed one with
     * {@code TaskTimedOut}, as AWS does.
     */
    public void sendTaskHeartbeat(String taskToken) {
        PendingTask task = task(taskToken);
        if (!task.takesHeartbeats()) {
            throw new StepFunctionsApiException(ApiError.INVALID_TOKEN, "Invalid token: the task declares no HeartbeatSeconds");
        }
        if (!task.heartbeat(clock().now())) {
            throw closed();
        }
    }

    private PendingTask task(String token) {
        if (token == null || token.length() < 3 || !token.startsWith("AQ") || token.length() > 1024) {
            throw new StepFunctionsApiException(ApiError.INVALID_TOKEN, "Invalid token");
        }
        PendingTask task = services.tokens().get(token);
        if (task == null) {
            throw new StepFunctionsApiException(ApiError.TASK_DOES_NOT_EXIST, "Task Does Not Exist");
        }
        return task;
    }

    private static StepFunctionsApiException closed() {
        return new StepFunctionsApiException(ApiError.TASK_TIMED_OUT, "Task Timed Out: the task has already closed");
    }

    // ----- lifecycle

    /** Aborts every running execution and stops the engine's threads. */
    @Override
    public void close() {
        List<ExecutionRecord> running;
        synchronized (this) {
            running = new ArrayList<>(executions.values());
        }
        for (ExecutionRecord record : running) {
            if (!record.status().isTerminal()) {
                stopExecution(record.executionArn(), "States.Aborted", "The engine was closed");
            }
        }
        services.executor().shutdownNow();
    }

    // ----- lookups and checks

    private StateMachineDefinition parse(String definition) {
        if (definition == null) {
            throw new StepFunctionsApiException(ApiError.INVALID_DEFINITION, "Invalid State Machine Definition: 'null'");
        }
        try {
            return DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsApiException(ApiError.INVALID_DEFINITION, e.getMessage());
        }
    }

    private Machine machine(String arn) {
        checkArn(arn, "stateMachine");
        Machine machine = machines.get(arn);
        if (machine == null) {
            throw new StepFunctionsApiException(ApiError.STATE_MACHINE_DOES_NOT_EXIST, "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    private synchronized ExecutionRecord execution(String arn) {
        checkArn(arn, "execution");
        ExecutionRecord record = executions.get(arn);
        if (record == null) {
            throw new StepFunctionsApiException(ApiError.EXECUTION_DOES_NOT_EXIST, "Execution Does Not Exist: '" + arn + "'");
        }
        return record;
    }

    private static void checkArn(String arn, String resourceType) {
        if (arn == null || !arn.startsWith("arn:aws") || !arn.contains(":states:") || !arn.contains(":" + resourceType + ":")) {
            throw new StepFunctionsApiException(ApiError.INVALID_ARN, "Invalid Arn: '" + arn + "'");
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StepFunctionsApiException(ApiError.INVALID_NAME, "Invalid Name: '" + name + "'");
        }
    }

    /** Configures a {@link StepFunctionsEngine}. */
    public static final class Builder {
        private EngineClock clock = EngineClock.system();
        private LambdaInvoker lambdaInvoker = LambdaInvoker.none();
        private final Map<String, ServiceIntegration> integrations = new HashMap<>();
        private String region = "us-east-1";
        private String accountId = "000000000000";

        private Builder() {
        }

        /** The clock for waits, retries and timeouts (default: the system clock). */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Runs Lambda tasks (default: every function is unknown). */
        public Builder lambdaInvoker(LambdaInvoker lambdaInvoker) {
            this.lambdaInvoker = Objects.requireNonNull(lambdaInvoker);
            return this;
        }

        /** The SQS client for {@code arn:aws:states:::sqs:sendMessage[.waitForTaskToken]}. */
        public Builder sqsClient(SqsClient sqs) {
            return integration("sqs", new SqsIntegration(sqs));
        }

        /** The DynamoDB client for {@code arn:aws:states:::dynamodb:*}. */
        public Builder dynamoDbClient(DynamoDbClient dynamoDb) {
            return integration("dynamodb", new DynamoDbIntegration(dynamoDb));
        }

        /** Any integration for {@code arn:aws:states:::SERVICE:ACTION} ({@code sqs} or {@code dynamodb}), e.g. a test fake. */
        public Builder integration(String service, ServiceIntegration integration) {
            integrations.put(service, Objects.requireNonNull(integration));
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId);
            return this;
        }

        public StepFunctionsEngine build() {
            return new StepFunctionsEngine(this);
        }
    }

    /** The moment the engine's clock shows, for callers that format dates. */
    Instant now() {
        return clock().now();
    }
}
