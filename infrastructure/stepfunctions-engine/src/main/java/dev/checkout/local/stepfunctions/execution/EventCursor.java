package dev.checkout.local.stepfunctions.execution;

/** The last history event of one thread of control (the execution, a Parallel branch, a Map iteration). */
public final class EventCursor {

    private volatile long last;

    public EventCursor(long last) {
        this.last = last;
    }

    public long last() {
        return last;
    }

    void moveTo(long id) {
        last = id;
    }

    /** A cursor for a branch that starts after this one's last event. */
    public EventCursor fork() {
        return new EventCursor(last);
    }
}
