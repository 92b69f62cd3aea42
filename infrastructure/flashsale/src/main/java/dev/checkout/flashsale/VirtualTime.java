package dev.checkout.flashsale;

import dev.checkout.aws.dynamodb.Ticker;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A discrete-event scheduler whose tasks are ordinary blocking code. Each task runs on a thread of its own,
 * but only one runs at a time: a task that waits ({@link #pause}) hands the turn back and the scheduler moves
 * the clock to the next event. So the project's synchronous adapter code runs unchanged, in virtual time, in
 * a deterministic order, and a simulated second costs only the CPU its events take.
 */
final class VirtualTime implements Ticker, AutoCloseable {
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "virtual-task");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore schedulerTurn = new Semaphore(0);
    private final ThreadLocal<Task> current = new ThreadLocal<>();
    private long now;
    private long sequence;
    private Throwable failure;

    /** Starts {@code body} as a task at virtual time {@code at} (nanoseconds). */
    void start(long at, Runnable body) {
        events.add(new Event(Math.max(at, now), sequence++, new Task(body)));
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** From inside a task: lets virtual time pass. */
    @Override
    public void pause(long nanos) {
        Task task = current.get();
        if (task == null) {
            throw new IllegalStateException("pause outside a task");
        }
        events.add(new Event(now + Math.max(0, nanos), sequence++, task));
        schedulerTurn.release();
        task.turn.acquireUninterruptibly();
    }

    /** Runs every event until none is left. */
    void run() {
        while (!events.isEmpty()) {
            Event event = events.poll();
            now = event.at();
            Task task = event.task();
            if (!task.started) {
                task.started = true;
                threads.execute(() -> {
                    current.set(task);
                    task.turn.acquireUninterruptibly();
                    try {
                        task.body.run();
                    } catch (Throwable t) {
                        failure = t;
                    } finally {
                        current.remove();
                        schedulerTurn.release();
                    }
                });
            }
            task.turn.release();
            schedulerTurn.acquireUninterruptibly();
            if (failure != null) {
                throw new IllegalStateException("a simulated task failed", failure);
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private static final class Task {
        private final Runnable body;
        private final Semaphore turn = new Semaphore(0);
        private boolean started;

        Task(Runnable body) {
            this.body = body;
        }
    }

    private record Event(long at, long seq, Task task) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
