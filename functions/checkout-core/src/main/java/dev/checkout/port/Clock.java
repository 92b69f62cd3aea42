package dev.checkout.port;

import java.time.Instant;

/** The current time. Injected so that tests and the local cloud can control it. */
@FunctionalInterface
public interface Clock {
    Instant now();

    static Clock system() {
        return Instant::now;
    }
}
