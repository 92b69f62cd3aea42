package dev.checkout.aws.lambda;

import dev.checkout.domain.Actor;
import dev.checkout.domain.ForbiddenException;
import dev.checkout.domain.UserId;

/** The verified caller: the JWT's {@code sub}, and whether its groups include {@code admin}. */
public record Caller(UserId userId, boolean admin) {

    /** The caller as the domain knows it. */
    public Actor actor() {
        return new Actor(userId, admin);
    }

    public void requireAdmin() {
        if (!admin) {
            throw new ForbiddenException("this operation needs the admin group");
        }
    }

    /** True when the caller may see or change a resource owned by {@code owner}. */
    public boolean mayAccess(UserId owner) {
        return admin || userId.equals(owner);
    }
}
