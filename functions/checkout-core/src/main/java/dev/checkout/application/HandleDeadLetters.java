package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Text;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Clock;
import dev.checkout.port.DeadLetterQueues;
import dev.checkout.port.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter queues for admins: a look at a queue's messages, and a redrive that moves them back
 * to the queue they came from. A redrive is done once per {@code Idempotency-Key} (scoped to the caller
 * and the queue): the same key answers the first redrive's count and moves nothing more. Without the
 * record, repeating it would still be harmless: it moves what is there now.
 */
public final class HandleDeadLetters {
    public static final int PEEK_MAX = 10;
    /** Messages moved by one redrive at most; a queue holding more is redriven again with a new key. */
    public static final int REDRIVE_MAX = 500;
    private static final Duration RECORD_TTL = Duration.ofHours(24);

    private final DeadLetterQueues queues;
    private final IdempotencyStore idempotency;
    private final Clock clock;

    public HandleDeadLetters(DeadLetterQueues queues, IdempotencyStore idempotency, Clock clock) {
        this.queues = queues;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public List<DeadLetterQueues.DeadLetter> peek(Actor actor, String queue) {
        actor.requireAdmin();
        return queues.peek(known(queue), PEEK_MAX);
    }

    /** What a redrive did: {@code moved} messages; {@code repeated} when the key had been used and nothing was done now. */
    public record Redrive(String queue, int moved, boolean repeated) {
    }

    public Redrive redrive(Actor actor, String queue, String idempotencyKey) {
        actor.requireAdmin();
        String name = known(queue);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw new ValidationException("Idempotency-Key must be 1-255 characters");
        }
        Text.requireValid(idempotencyKey, "Idempotency-Key");
        String key = "redrive#" + name + "#" + actor.userId().value() + "#" + idempotencyKey;
        Optional<IdempotencyRecord> done = idempotency.find(key);
        if (done.isPresent()) {
            return new Redrive(name, Integer.parseInt(done.get().resourceId()), true);
        }
        int moved = queues.redrive(name, REDRIVE_MAX);
        var now = clock.now();
        if (!idempotency.store(new IdempotencyRecord(key, name, Integer.toString(moved), now, now.plus(RECORD_TTL)))) {
            // Another request with this key redrove at the same time; its answer is the one kept.
            return idempotency.find(key).map(r -> new Redrive(name, Integer.parseInt(r.resourceId()), true))
                    .orElse(new Redrive(name, moved, false));
        }
        return new Redrive(name, moved, false);
    }

    private String known(String queue) {
        if (queue == null || !queues.names().contains(queue)) {
            throw new NotFoundException("no dead-letter queue '" + queue + "'; the queues are " + queues.names());
        }
        return queue;
    }
}
