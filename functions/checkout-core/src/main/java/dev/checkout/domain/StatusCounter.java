package dev.checkout.domain;

import java.util.Objects;

/** How many orders are in a status now, over every platform ({@code platform} null) or one. */
public record StatusCounter(OrderStatus status, String platform) {
    public StatusCounter {
        Objects.requireNonNull(status, "status");
    }
}
