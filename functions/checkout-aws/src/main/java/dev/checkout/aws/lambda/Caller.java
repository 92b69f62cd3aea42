package dev.checkout.aws.lambda;

import dev.checkout.domain.Actor;
import dev.checkout.domain.UserId;

/** The verified caller: the JWT's {@code sub}, and whether its groups include {@code admin}. What it may do, {@link Actor} decides. */
public record Caller(UserId userId, boolean admin) {

    /** The caller as the domain knows it. */
    public Actor actor() {
        return new Actor(userId, admin);
    }
}
