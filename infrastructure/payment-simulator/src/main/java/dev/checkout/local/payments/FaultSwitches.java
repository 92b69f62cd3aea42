package dev.checkout.local.payments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The simulator's global fault switches. Thread-safe; each setter returns this for chaining:
 * {@code sim.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING).duplicateEvents(2)}.
 *
 * <p>API-call faults (latency, 5xx, timeouts) apply to API calls only ({@code /v1/...} for Stripe, {@code /v3/...} for
 * WeChat Pay, {@code /gateway.do} for Alipay), never to the admin API. Event faults (duplicates, out-of-order, dropped
 * and lost deliveries) are decided when an event is first dispatched. Each simulator keeps its own switches.
 */
public final class FaultSwitches {
    private long latencyMillis;
    private final List<RequestFault> requestFaults = new ArrayList<>();
    private int duplicateEvents = 1;
    private boolean outOfOrderEvents;
    private int dropDeliveryAttempts;
    private int loseEvents;
    private String loseEventType;

    /** All faults off; each simulator owns one. */
    public FaultSwitches() {
    }

    /** Adds {@code latency} to every API call (zero switches it off). */
    public synchronized FaultSwitches latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = latency.toMillis();
        return this;
    }

    /** The next {@code count} API calls answer HTTP 500 {@code api_error}, failing at {@code phase}. */
    public FaultSwitches serverErrors(int count, FaultPhase phase) {
        return serverErrors(count, phase, null);
    }

    /**
     * The next {@code count} API calls matching {@code match} (e.g. {@code "POST /v1/refunds"}, or {@code null} for
     * any) answer HTTP 500 {@code api_error}, failing at {@code phase}.
     */
    public synchronized FaultSwitches serverErrors(int count, FaultPhase phase, String match) {
        requestFaults.add(new RequestFault(RequestFault.Kind.ERROR, phase, count, match));
        return this;
    }

    /** The next {@code count} API calls are held past the client's read timeout and dropped, at {@code phase}. */
    public FaultSwitches timeouts(int count, FaultPhase phase) {
        return timeouts(count, phase, null);
    }

    /** Like {@link #timeouts(int, FaultPhase)} for calls matching {@code match} only. */
    public synchronized FaultSwitches timeouts(int count, FaultPhase phase, String match) {
        requestFaults.add(new RequestFault(RequestFault.Kind.TIMEOUT, phase, count, match));
        return this;
    }

    /** Sends each event {@code copies} times (1 switches duplicates off). */
    public synchronized FaultSwitches duplicateEvents(int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1: " + copies);
        }
        this.duplicateEvents = copies;
        return this;
    }

    /** Holds each event back and sends it after the event that follows it. */
    public synchronized FaultSwitches outOfOrderEvents(boolean enabled) {
        this.outOfOrderEvents = enabled;
        return this;
    }

    /** The first {@code attempts} delivery attempts of each event are not sent; the retries that follow are. */
    public synchronized FaultSwitches dropDeliveryAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        this.dropDeliveryAttempts = attempts;
        return this;
    }

    /** The next {@code count} events are never sent. */
    public FaultSwitches loseEvents(int count) {
        return loseEvents(count, null);
    }

    /** The next {@code count} events of {@code eventType} ({@code null}: any type) are never sent. */
    public synchronized FaultSwitches loseEvents(int count, String eventType) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        this.loseEvents = count;
        this.loseEventType = eventType == null || eventType.isBlank() ? null : eventType;
        return this;
    }

    /** Switches every fault off. */
    public synchronized FaultSwitches clear() {
        latencyMillis = 0;
        requestFaults.clear();
        duplicateEvents = 1;
        outOfOrderEvents = false;
        dropDeliveryAttempts = 0;
        loseEvents = 0;
        loseEventType = null;
        return this;
    }

    /** What is switched on now. */
    public synchronized FaultSettings settings() {
        return new FaultSettings(latencyMillis, requestFaults, duplicateEvents, outOfOrderEvents, dropDeliveryAttempts,
                loseEvents, loseEventType);
    }

    /**
     * Decides the faults for one API call: the global latency plus the first armed fault that matches (consuming
     * one of its count), unless the call names its own faults in the {@code X-Simulator-Fault} header.
     */
    public synchronized RequestFaultPlan planFor(String method, String path, String faultHeader) {
        if (faultHeader != null && !faultHeader.isBlank()) {
            return RequestFaultPlan.parse(faultHeader, latencyMillis);
        }
        Iterator<RequestFault> iterator = requestFaults.iterator();
        while (iterator.hasNext()) {
            RequestFault fault = iterator.next();
            if (fault.remaining() > 0 && fault.matches(method, path)) {
                int index = requestFaults.indexOf(fault);
                if (fault.remaining() == 1) {
                    iterator.remove();
                } else {
                    requestFaults.set(index, new RequestFault(fault.kind(), fault.phase(), fault.remaining() - 1,
                            fault.match()));
                }
                return new RequestFaultPlan(latencyMillis, fault.kind(), fault.phase());
            }
        }
        return new RequestFaultPlan(latencyMillis, null, null);
    }

    /** Decides the faults for one event, consuming one lost event if it applies. */
    public synchronized EventFaultPlan planFor(SimulatedEvent event) {
        boolean lost = false;
        if (loseEvents > 0 && (loseEventType == null || loseEventType.equals(event.type()))) {
            loseEvents--;
            lost = true;
        }
        return new EventFaultPlan(duplicateEvents, dropDeliveryAttempts, lost, outOfOrderEvents);
    }

    /** The faults of one API call. {@code kind} and {@code phase} are {@code null} when none strikes. */
    public record RequestFaultPlan(long latencyMillis, RequestFault.Kind kind, FaultPhase phase) {

        /**
         * Parses a header such as {@code error:after}, {@code timeout:before}, {@code latency:250}, or several
         * separated by commas. {@code error} and {@code timeout} without a phase fail before processing.
         */
        static RequestFaultPlan parse(String header, long defaultLatency) {
            long latency = defaultLatency;
            RequestFault.Kind kind = null;
            FaultPhase phase = null;
            for (String part : header.split(",")) {
                String[] pieces = part.trim().toLowerCase(Locale.ROOT).split("[:=]", 2);
                String name = pieces[0].trim();
                String argument = pieces.length > 1 ? pieces[1].trim() : null;
                switch (name) {
                    case "latency" -> latency = Long.parseLong(argument);
                    case "error", "500", "5xx" -> {
                        kind = RequestFault.Kind.ERROR;
                        phase = argument == null ? FaultPhase.BEFORE_PROCESSING : FaultPhase.parse(argument);
                    }
                    case "timeout" -> {
                        kind = RequestFault.Kind.TIMEOUT;
                        phase = argument == null ? FaultPhase.BEFORE_PROCESSING : FaultPhase.parse(argument);
                    }
                    case "none", "" -> { }
                    default -> throw new IllegalArgumentException("unknown fault in X-Simulator-Fault: " + part);
                }
            }
            return new RequestFaultPlan(latency, kind, phase);
        }
    }

    /** The faults of one event's delivery. */
    public record EventFaultPlan(int copies, int droppedAttempts, boolean lost, boolean outOfOrder) {
        public static final EventFaultPlan NONE = new EventFaultPlan(1, 0, false, false);
    }
}
