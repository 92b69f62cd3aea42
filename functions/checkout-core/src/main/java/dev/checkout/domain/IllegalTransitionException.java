package dev.checkout.domain;

/** An aggregate refused to move from one status to another. */
public class IllegalTransitionException extends CheckoutException {
    private final String from;
    private final String to;

    public IllegalTransitionException(Enum<?> from, Enum<?> to) {
        super("ILLEGAL_TRANSITION", ErrorKind.CONFLICT, "cannot go from " + from + " to " + to);
        this.from = from.name();
        this.to = to.name();
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }
}
