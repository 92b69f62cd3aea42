package dev.checkout.port;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The dead-letter queues, each known by a short name ({@code charge}, {@code notification}): how many
 * messages wait in each, a look at them, and moving them back to the queue they came from.
 */
public interface DeadLetterQueues {

    /** The names of the dead-letter queues this deployment has. */
    Set<String> names();

    /** The queue's approximate counts of messages. */
    Depth depth(String name);

    /**
     * Up to {@code max} of the queue's messages, summarised; nothing is deleted. Looking counts as a
     * receive (the receive count goes up) and hides what was looked at for a few seconds.
     */
    List<DeadLetter> peek(String name, int max);

    /**
     * Moves the queue's messages back to the queue they came from, each sent there before it is deleted
     * here (a crash in between sends one twice, never loses one), at most {@code max} of them.
     *
     * @return how many were moved
     */
    int redrive(String name, int max);

    /** Approximate counts: messages waiting, and messages received but neither deleted nor visible again. */
    record Depth(long waiting, long inFlight) {
    }

    /**
     * A dead letter: its id, when it was first sent, how often it was received, and, when its body is
     * one of the checkout's messages, its type and order id (null otherwise).
     */
    record DeadLetter(String messageId, Instant sentAt, int receiveCount, String type, String orderId) {
    }
}
