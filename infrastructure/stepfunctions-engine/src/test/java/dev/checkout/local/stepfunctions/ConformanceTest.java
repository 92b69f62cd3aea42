package dev.checkout.local.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import dev.checkout.local.stepfunctions.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: every file under {@code conformance/} holds a definition, an input, scripted
 * Lambda functions and the expected output or error. Waits and retries are fast-forwarded on a
 * manual clock.
 */
@Tag("unit")
class ConformanceTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        URL folder = ConformanceTest.class.getResource("/conformance");
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            for (Path file : files.sorted().toList()) {
                if (file.toString().endsWith(".json")) {
                    cases.add(Arguments.of(Named.of(file.getFileName().toString().replace(".json", ""), file)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void execution_producesDocumentedOutputOrError(Path file) throws Exception {
        JsonNode testCase;
        try (InputStream in = Files.newInputStream(file)) {
            testCase = Json.MAPPER.readTree(in);
        }
        ManualClock clock = new ManualClock();
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().clock(clock)
                .lambdaInvoker(new ScriptedLambdas(testCase.get("lambdas"))).build()) {
            String machine = engine.createStateMachine("conformance", Json.write(testCase.get("definition")), null)
                    .stateMachineArn();
            JsonNode input = testCase.has("input") ? testCase.get("input") : Json.object();
            String arn = engine.startExecution(machine, "case", Json.write(input)).executionArn();
            var termination = engine.termination(arn);
            while (!termination.isDone()) {
                if (clock.awaitTimerUnless(termination, Duration.ofSeconds(10))) {
                    clock.advanceToNextTimer();
                }
            }
            ExecutionDescription result = termination.get();
            if (testCase.has("expectedError")) {
                assertEquals(ExecutionStatus.FAILED, result.status(), () -> "output " + result.output());
                assertEquals(testCase.get("expectedError").asText(), result.error(), () -> "cause " + result.cause());
                if (testCase.has("expectedCause")) {
                    assertEquals(testCase.get("expectedCause").asText(), result.cause());
                }
            } else {
                assertEquals(ExecutionStatus.SUCCEEDED, result.status(), () -> result.error() + ": " + result.cause());
                JsonNode output = Json.parse(result.output());
                JsonNode expected = testCase.get("expectedOutput");
                if (testCase.has("ignoreFields")) {
                    testCase.get("ignoreFields").forEach(field -> {
                        ((ObjectNode) output).remove(field.asText());
                        ((ObjectNode) expected).remove(field.asText());
                    });
                }
                assertEquals(expected, output);
            }
        }
    }
}
