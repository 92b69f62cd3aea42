package dev.checkout.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.ReceivePaymentEvent;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.domain.NotFoundException;

/**
 * {@code POST /webhooks/{provider}} (HTTP API, no authorizer: the provider's signature is the
 * authentication). Takes the body as JSON in UTF-8 (Stripe sends {@code application/json;
 * charset=utf-8}; another media type is 415, bytes that are not UTF-8 are 400), verifies the
 * signature over its text exactly as received (400 and nothing stored when it fails), refuses an event
 * holding text that is not valid Unicode (400, nothing stored), stores the event in the inbox,
 * enqueues it on the notification queue and answers 200. A repeated delivery is answered 200 too.
 *
 * <p>Output: {@code {"received": true, "eventId", "duplicate"}}. Environment: {@code TABLE_NAME},
 * {@code NOTIFICATION_QUEUE_URL}, {@code STRIPE_WEBHOOK_SECRET} or {@code STRIPE_WEBHOOK_SECRET_ARN}.
 */
public final class WebhookHandler extends HttpFunction {
    private final ReceivePaymentEvent receive;

    public WebhookHandler() {
        this(FunctionEnvironment.system());
    }

    public WebhookHandler(FunctionEnvironment env) {
        this(new PaymentAdapters(new CheckoutAdapters(env)).receivePaymentEvent());
    }

    WebhookHandler(ReceivePaymentEvent receive) {
        this.receive = receive;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        String provider = request.pathParameter("provider");
        if (!provider.equals(receive.provider())) {
            throw new NotFoundException("no webhook for provider " + provider);
        }
        var receipt = receive.receive(request.jsonText(), request.headers());
        ObjectNode body = Json.object();
        body.put("received", true);
        body.put("eventId", receipt.event().eventId());
        body.put("duplicate", receipt.outcome() == ReceivePaymentEvent.Outcome.DUPLICATE);
        return HttpResponse.ok(body);
    }
}
