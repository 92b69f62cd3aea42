package dev.checkout.paymentsapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.ViewPayments;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.lambda.JsonViews;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;

/**
 * {@code GET /orders/{orderId}/payments} ({@code {"payments": [...]}}) and
 * {@code GET /payments/{paymentId}} (one payment), for the order's owner or an admin; another user's
 * is a 404. The workflow's task token is never part of the answer.
 */
public final class PaymentsQueryHandler extends HttpFunction {
    private final ViewPayments payments;

    public PaymentsQueryHandler() {
        this(FunctionEnvironment.system());
    }

    public PaymentsQueryHandler(FunctionEnvironment env) {
        this(new CheckoutAdapters(env));
    }

    private PaymentsQueryHandler(CheckoutAdapters adapters) {
        this(adapters.viewPayments());
    }

    PaymentsQueryHandler(ViewPayments payments) {
        this.payments = payments;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Actor actor = request.requireCaller().actor();
        if (request.pathParameters().containsKey("paymentId")) {
            return HttpResponse.ok(JsonViews.payment(payments.payment(actor, PaymentId.of(request.pathParameter("paymentId")))));
        }
        if (request.pathParameters().containsKey("orderId")) {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("payments");
            payments.ofOrder(actor, OrderId.of(request.pathParameter("orderId"))).forEach(p -> list.add(JsonViews.payment(p)));
            return HttpResponse.ok(body);
        }
        throw new NotFoundException("no route " + request.method() + " " + request.path());
    }
}
