package dev.checkout.local.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's {@code Schedule} / {@code ScheduleV2} events, run locally: a function on a {@code rate(...)} schedule is
 * invoked with EventBridge Scheduler's event shape at that rate (other expressions are not run, and said so). One
 * daemon thread runs them all; {@link #close()} stops it.
 */
final class RateSchedules implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RateSchedules.class.getName());
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-schedules");
        thread.setDaemon(true);
        return thread;
    });

    /** Invokes {@code function} every period of {@code expression}, first one period from now. */
    void add(LocalFunction function, String expression) {
        Matcher rate = RATE.matcher(expression);
        if (!rate.matches()) {
            LOG.log(System.Logger.Level.INFO, "schedule " + expression + " of " + function.logicalId() + " is not run locally (only rate expressions are)");
            return;
        }
        long amount = Long.parseLong(rate.group(1));
        Duration period = switch (rate.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(amount);
            case "hour", "hours" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        scheduler.scheduleAtFixedRate(() -> {
            try {
                function.invoke(("{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.scheduler\",\"time\":\""
                        + Instant.now() + "\",\"detail\":{}}").getBytes(StandardCharsets.UTF_8));
            } catch (LocalFunction.FunctionError e) {
                LOG.log(System.Logger.Level.WARNING, "scheduled " + function.logicalId() + " failed: " + e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
