package dev.checkout.refund;

import dev.checkout.application.RefundOrder;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.JsonBody;
import dev.checkout.aws.lambda.JsonViews;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Refund;

/**
 * {@code POST /orders/{orderId}/refunds} (admin). Header {@code Idempotency-Key} (scoped to the
 * order); body {@code {"amount"?: minor units, "reason"}}; without an amount, what is left is refunded.
 * 202 with the refund ({@code PENDING} until the provider's event settles it). 422 for an over-refund
 * or a key reused with another body; the same key and body answer the same refund. A body that is not
 * {@code application/json} is 415; a reason that is not valid Unicode is 400, and nothing is stored or
 * sent to the provider.
 */
public final class RefundHandler extends HttpFunction {
    static final long MAX_AMOUNT = 100_000_000_000L;

    private final RefundOrder refundOrder;

    public RefundHandler() {
        this(FunctionEnvironment.system());
    }

    public RefundHandler(FunctionEnvironment env) {
        this(new PaymentAdapters(new CheckoutAdapters(env)).refundOrder());
    }

    RefundHandler(RefundOrder refundOrder) {
        this.refundOrder = refundOrder;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        request.requireCaller().actor().requireAdmin();
        OrderId orderId = OrderId.of(request.pathParameter("orderId"));
        String key = request.idempotencyKey();
        JsonBody body = request.jsonBody();
        Long amount = body.optionalLong("amount", 1, MAX_AMOUNT).orElse(null);
        String reason = body.requiredString("reason", Refund.MAX_REASON_LENGTH);
        Refund refund = refundOrder.refund(new RefundOrder.Command(orderId, amount, reason, key));
        return HttpResponse.of(202, JsonViews.refund(refund));
    }
}
