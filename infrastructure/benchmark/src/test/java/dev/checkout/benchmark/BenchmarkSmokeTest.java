package dev.checkout.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.LocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark's measuring code on the smallest budget (one fresh JVM each for orders-api, its
 * SDK floor and the baseline, one metered checkout, one checkout of throughput) and checks that it produced
 * figures. It says nothing about whether they are good: the benchmark prints, it does not judge.
 */
@Tag("packaging")
class BenchmarkSmokeTest {

    @Test
    void smallestRun_producesEveryFigure(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("benchmark.json");
        var printed = new ByteArrayOutputStream();

        ObjectNode figures = Benchmark.run(BenchmarkConfig.smoke(output), LocalCloud.projectRoot(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        JsonNode written = new ObjectMapper().readTree(Files.readString(output));
        assertEquals(figures.path("costPerMillionCheckoutsUsd").asDouble(), written.path("costPerMillionCheckoutsUsd").asDouble());
        assertTrue(written.path("complete").asBoolean());
        assertTrue(written.path("jars").size() >= 4);
        written.path("jars").forEach(jar -> assertTrue(jar.path("bytes").asLong() > 0, jar.toString()));

        JsonNode ordersApi = measured(written, Benchmark.ORDERS_API);
        JsonNode sdkFloor = measured(written, Benchmark.SDK_FLOOR);
        JsonNode baseline = measured(written, Benchmark.BASELINE);
        for (JsonNode row : new JsonNode[] {ordersApi, sdkFloor, baseline}) {
            assertTrue(row.path("allInvokesSucceeded").asBoolean(), row.toString());
            assertTrue(row.path("initPlusFirstInvokeMs").path("median").asDouble() > 0, row.toString());
            assertTrue(row.path("loadedClassesAfterFirstInvoke").path("median").asDouble() > 0, row.toString());
        }
        assertTrue(written.path("versusBaseline").path("initPlusFirstInvokeRatio").asDouble() > 0);
        assertTrue(written.path("versusBaseline").path("sdkFloorRatio").asDouble() > 0);
        JsonNode perRound = written.path("versusBaseline").path("initPlusFirstInvokeRatioPerRound");
        assertEquals(ordersApi.path("initPlusFirstInvokeMs").path("count").asInt(), perRound.path("count").asInt(), perRound.toString());
        assertTrue(perRound.path("median").asDouble() > 0, perRound.toString());

        JsonNode checkout = written.path("perCheckout");
        assertTrue(checkout.path("dynamoDbCallTotal").asDouble() > 0, checkout.toString());
        assertTrue(checkout.path("writeRequestUnits").asDouble() > 0, checkout.toString());
        assertTrue(checkout.path("stateTransitions").asDouble() > 0, checkout.toString());
        assertTrue(checkout.path("sqsBilledRequests").asDouble() > 0, checkout.toString());
        assertFalse(checkout.path("lambdaInvocations").isEmpty(), checkout.toString());
        assertTrue(written.path("costPerMillionCheckoutsUsd").asDouble() > 0);

        JsonNode throughput = written.path("throughput").get(0);
        assertEquals(1, throughput.path("checkouts").asInt(), throughput.toString());
        assertTrue(throughput.path("checkoutsPerSecond").asDouble() > 0, throughput.toString());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("cost per 1M checkouts"));
    }

    private static JsonNode measured(JsonNode figures, String function) {
        for (JsonNode row : figures.path("startup")) {
            if (row.path("function").asText().equals(function) && row.path("measured").asBoolean()) {
                return row;
            }
        }
        throw new AssertionError("no startup figures for " + function + " in " + figures.path("startup"));
    }
}
