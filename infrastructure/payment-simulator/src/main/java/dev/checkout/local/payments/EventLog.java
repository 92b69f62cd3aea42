package dev.checkout.local.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the ledger's changes into Stripe events, keeps them, and hands those the webhook endpoint subscribes to
 * to the {@link WebhookDispatcher}.
 */
final class EventLog implements EventSink {
    private final ObjectMapper mapper;
    private final String apiVersion;
    private final Set<String> enabledEvents;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;
    private final List<SimulatedEvent> events = new ArrayList<>();

    EventLog(ObjectMapper mapper, String apiVersion, Set<String> enabledEvents, WebhookDispatcher dispatcher,
             Clock clock) {
        this.mapper = mapper;
        this.apiVersion = apiVersion;
        this.enabledEvents = Set.copyOf(enabledEvents);
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Override
    public void publish(String type, ObjectNode object, ObjectNode previousAttributes, RequestContext cause) {
        ObjectNode event = mapper.createObjectNode();
        String id = StripeIds.next("evt");
        long created = clock.instant().getEpochSecond();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", apiVersion);
        event.put("created", created);
        ObjectNode data = event.putObject("data");
        data.set("object", object);
        if (previousAttributes != null) {
            data.set("previous_attributes", previousAttributes);
        }
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.put("id", cause.requestId());
        request.put("idempotency_key", cause.idempotencyKey());
        event.put("type", type);
        String payload;
        try {
            payload = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render event " + type, e);
        }
        SimulatedEvent simulated = new SimulatedEvent(id, type, object.path("id").asText(null), created, payload);
        synchronized (this) {
            events.add(simulated);
            notifyAll();
        }
        if (enabledEvents.contains("*") || enabledEvents.contains(type)) {
            dispatcher.dispatch(simulated);
        }
    }

    synchronized List<SimulatedEvent> events() {
        return List.copyOf(events);
    }

    synchronized Optional<SimulatedEvent> event(String id) {
        return events.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    synchronized List<SimulatedEvent> await(Predicate<List<SimulatedEvent>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(List.copyOf(events))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimedOutException("events did not meet the condition within " + timeout + "; events: "
                        + events.stream().map(SimulatedEvent::type).toList());
            }
            try {
                Duration wait = Duration.ofNanos(left);
                wait(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimedOutException("interrupted while awaiting events");
            }
        }
        return List.copyOf(events);
    }

    synchronized void reset() {
        events.clear();
        notifyAll();
    }
}
