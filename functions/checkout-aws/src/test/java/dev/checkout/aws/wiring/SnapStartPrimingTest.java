package dev.checkout.aws.wiring;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.checkout.aws.testing.LocalEnvironment;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class SnapStartPrimingTest {

    @Test
    void adapterPriming_writesNothing() {
        CheckoutAdapters adapters = LocalEnvironment.adapters();
        String table = adapters.environment().require("TABLE_NAME");
        var before = adapters.dynamoDb().scan(r -> r.tableName(table).consistentRead(true)).items();

        assertDoesNotThrow(adapters::prime);

        assertEquals(before, adapters.dynamoDb().scan(r -> r.tableName(table).consistentRead(true)).items());
    }

    @Test
    void aFailingStep_doesNotFailTheCheckpoint() throws Exception {
        var constructor = SnapStartPriming.class.getDeclaredConstructor(String.class, Runnable.class);
        constructor.setAccessible(true);
        AtomicInteger ran = new AtomicInteger();
        SnapStartPriming failing = constructor.newInstance("failing", (Runnable) () -> {
            ran.incrementAndGet();
            throw new IllegalStateException("table unreachable during init");
        });

        assertDoesNotThrow(() -> failing.beforeCheckpoint(null));
        assertEquals(1, ran.get());
    }

    @Test
    void register_outsideSnapStart_doesNothing() {
        AtomicInteger ran = new AtomicInteger();
        SnapStartPriming.register(FunctionEnvironment.of(Map.of()), "noop", ran::incrementAndGet);
        assertEquals(0, ran.get());
    }
}
