package dev.checkout.operationsapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.HandleDeadLetters;
import dev.checkout.application.InspectOrder;
import dev.checkout.application.ReviewAttention;
import dev.checkout.aws.lambda.HttpErrors;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.lambda.JsonViews;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.OperationsAdapters;
import dev.checkout.domain.Actor;
import dev.checkout.domain.CheckoutStep;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.DeadLetterQueues;
import dev.checkout.port.ReceivedNotifications;
import java.time.Duration;
import java.time.Instant;

/**
 * The operations console's routes, all for the admin group (403 for anyone else, 401 without a token):
 * <ul>
 *   <li>{@code GET /orders/{orderId}/history}: the checkout's steps ({@code {"orderId", "steps": [{"name",
 *       "enteredAt", "exitedAt", "outcome", "error", "cause"}]}}); 404 for an unknown order;</li>
 *   <li>{@code GET /orders/{orderId}/webhook-events}: the providers' notifications about the order, without
 *       their payloads; 404 for an unknown order;</li>
 *   <li>{@code GET /attention?olderThanMinutes=}: stalled checkouts, unsent refunds (both older than that,
 *       default {@value #DEFAULT_AGE_MINUTES}), and each dead-letter queue's message counts;</li>
 *   <li>{@code GET /dead-letters/{queue}}: up to 10 of the queue's messages, summarised, none deleted;
 *       404 for an unknown queue;</li>
 *   <li>{@code POST /dead-letters/{queue}/redrive} (header {@code Idempotency-Key}): the queue's messages
 *       moved back to the queue they came from; 200 with how many.</li>
 * </ul>
 */
public final class OperationsApiHandler extends HttpFunction {
    static final long DEFAULT_AGE_MINUTES = 10;

    private final InspectOrder inspectOrder;
    private final ReviewAttention reviewAttention;
    private final HandleDeadLetters deadLetters;

    public OperationsApiHandler() {
        this(FunctionEnvironment.system());
    }

    public OperationsApiHandler(FunctionEnvironment env) {
        this(new OperationsAdapters(new CheckoutAdapters(env)));
    }

    private OperationsApiHandler(OperationsAdapters adapters) {
        this(adapters.inspectOrder(), adapters.reviewAttention(), adapters.handleDeadLetters());
    }

    OperationsApiHandler(InspectOrder inspectOrder, ReviewAttention reviewAttention, HandleDeadLetters deadLetters) {
        this.inspectOrder = inspectOrder;
        this.reviewAttention = reviewAttention;
        this.deadLetters = deadLetters;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Actor actor = request.requireCaller().actor();
        return switch (request.routeKey()) {
            case "GET /orders/{orderId}/history" -> history(actor, OrderId.of(request.pathParameter("orderId")));
            case "GET /orders/{orderId}/webhook-events" -> webhookEvents(actor, OrderId.of(request.pathParameter("orderId")));
            case "GET /attention" -> attention(actor, request);
            case "GET /dead-letters/{queue}" -> peek(actor, request.pathParameter("queue"));
            case "POST /dead-letters/{queue}/redrive" -> redrive(actor, request);
            default -> HttpErrors.error(404, "ROUTE_NOT_FOUND", "no route " + request.routeKey(), request.requestId());
        };
    }

    private HttpResponse history(Actor actor, OrderId orderId) {
        var steps = inspectOrder.checkoutSteps(actor, orderId);
        ObjectNode body = Json.object();
        body.put("orderId", orderId.value());
        ArrayNode list = body.putArray("steps");
        for (CheckoutStep step : steps) {
            ObjectNode node = list.addObject();
            node.put("name", step.name());
            node.put("enteredAt", JsonViews.timestamp(step.enteredAt()));
            putTime(node, "exitedAt", step.exitedAt());
            node.put("outcome", step.outcome().name());
            node.put("error", step.error());
            node.put("cause", step.cause());
        }
        return HttpResponse.ok(body);
    }

    private HttpResponse webhookEvents(Actor actor, OrderId orderId) {
        var notifications = inspectOrder.notifications(actor, orderId);
        ObjectNode body = Json.object();
        body.put("orderId", orderId.value());
        ArrayNode list = body.putArray("events");
        for (ReceivedNotifications.Notification n : notifications) {
            ObjectNode node = list.addObject();
            node.put("provider", n.provider());
            node.put("eventId", n.eventId());
            node.put("type", n.type());
            node.put("state", n.state().name());
            node.put("mismatch", n.mismatch());
            putTime(node, "receivedAt", n.receivedAt());
            putTime(node, "handledAt", n.handledAt());
        }
        return HttpResponse.ok(body);
    }

    private HttpResponse attention(Actor actor, HttpRequest request) {
        long minutes = request.query("olderThanMinutes").map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ValidationException("olderThanMinutes must be a whole number from 0 to " + ReviewAttention.MAX_AGE_MINUTES);
            }
        }).orElse(DEFAULT_AGE_MINUTES);
        if (minutes < 0 || minutes > ReviewAttention.MAX_AGE_MINUTES) {
            throw new ValidationException("olderThanMinutes must be a whole number from 0 to " + ReviewAttention.MAX_AGE_MINUTES);
        }
        var attention = reviewAttention.review(actor, Duration.ofMinutes(minutes));
        ObjectNode body = Json.object();
        body.put("olderThan", JsonViews.timestamp(attention.cutoff()));
        ArrayNode stalled = body.putArray("stalledCheckouts");
        attention.stalledCheckouts().forEach(order -> stalled.add(JsonViews.orderSummary(order)));
        ArrayNode refunds = body.putArray("unsentRefunds");
        attention.unsentRefunds().forEach(refund -> refunds.add(JsonViews.refund(refund)));
        ArrayNode queues = body.putArray("deadLetterQueues");
        attention.deadLetters().forEach((name, depth) -> queues.addObject()
                .put("queue", name)
                .put("approximateMessages", depth.waiting())
                .put("approximateMessagesInFlight", depth.inFlight()));
        return HttpResponse.ok(body);
    }

    private HttpResponse peek(Actor actor, String queue) {
        var letters = deadLetters.peek(actor, queue);
        ObjectNode body = Json.object();
        body.put("queue", queue);
        ArrayNode list = body.putArray("messages");
        for (DeadLetterQueues.DeadLetter letter : letters) {
            ObjectNode node = list.addObject();
            node.put("messageId", letter.messageId());
            putTime(node, "sentAt", letter.sentAt());
            node.put("receiveCount", letter.receiveCount());
            node.put("type", letter.type());
            node.put("orderId", letter.orderId());
        }
        return HttpResponse.ok(body);
    }

    private HttpResponse redrive(Actor actor, HttpRequest request) {
        String queue = request.pathParameter("queue");
        actor.requireAdmin();
        var redrive = deadLetters.redrive(actor, queue, request.idempotencyKey());
        ObjectNode body = Json.object();
        body.put("queue", redrive.queue());
        body.put("moved", redrive.moved());
        body.put("repeated", redrive.repeated());
        return HttpResponse.ok(body);
    }

    private static void putTime(ObjectNode node, String name, Instant time) {
        if (time == null) {
            node.putNull(name);
        } else {
            node.put(name, JsonViews.timestamp(time));
        }
    }
}
