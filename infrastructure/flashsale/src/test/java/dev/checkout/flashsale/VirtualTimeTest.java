package dev.checkout.flashsale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VirtualTimeTest {

    @Test
    void tasksThatPause_resumeInVirtualTimeOrder() {
        var seen = new ArrayList<String>();
        try (var time = new VirtualTime()) {
            time.start(0, () -> {
                time.pause(3_000_000_000L);
                seen.add("a@" + time.nanoTime());
            });
            time.start(1_000_000_000L, () -> {
                seen.add("b@" + time.nanoTime());
                time.pause(5_000_000_000L);
                seen.add("b@" + time.nanoTime());
            });
            time.run();

            assertEquals(List.of("b@1000000000", "a@3000000000", "b@6000000000"), seen);
        }
    }
}
