package dev.checkout.domain;

/** Who asks: a verified user, possibly in the admin group. */
public record Actor(UserId userId, boolean admin) {

    public void requireAdmin() {
        if (!admin) {
            throw new ForbiddenException("this operation needs the admin group");
        }
    }

    /** True when the actor may see or change something owned by {@code owner}. */
    public boolean mayAccess(UserId owner) {
        return admin || userId.equals(owner);
    }
}
