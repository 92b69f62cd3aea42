package dev.checkout.createorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.PlaceOrder;
import dev.checkout.application.PlaceOrder.RequestedLine;
import dev.checkout.aws.lambda.Caller;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.lambda.JsonBody;
import dev.checkout.aws.lambda.JsonViews;
import dev.checkout.aws.lambda.RequestFingerprint;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Sku;
import dev.checkout.domain.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /orders} (HTTP API, JWT authorizer). Body {@code {"items": [{"sku", "quantity"}],
 * "paymentMethod"}}, header {@code Idempotency-Key}. Answers 201 with the order awaiting payment;
 * a replay of the same key and body answers the same order. Prices sent by the client are ignored.
 * A SKU may appear on one line only (repeated lines are refused, not merged, so a client bug that
 * doubles a line is not silently turned into a larger order).
 * Errors: 400 invalid body (text that is not valid Unicode included), 401 no token, 413 body over
 * 64 KiB, 415 a body that is not {@code application/json}, 422 unknown SKU or key reused with another
 * body, 503 a dependency is down (retry with the same key).
 */
public final class CreateOrderHandler extends HttpFunction {
    private final PlaceOrder placeOrder;

    public CreateOrderHandler() {
        this(FunctionEnvironment.system());
    }

    public CreateOrderHandler(FunctionEnvironment env) {
        this(new CheckoutAdapters(env).placeOrder());
    }

    CreateOrderHandler(PlaceOrder placeOrder) {
        this.placeOrder = placeOrder;
    }


    @Override
    protected HttpResponse handle(HttpRequest request) {
        Caller caller = request.requireCaller();
        String key = request.idempotencyKey();
        JsonBody body = request.jsonBody();
        JsonNode items = body.requiredArray("items", 1, Order.MAX_LINES);
        var lines = new ArrayList<RequestedLine>();
        for (int i = 0; i < items.size(); i++) {
            String path = "items[" + i + "]";
            JsonBody item = JsonBody.of(items.get(i), path);
            String sku = item.requiredString("sku", 64);
            int quantity = (int) item.requiredLong("quantity", 1, OrderLine.MAX_QUANTITY);
            lines.add(new RequestedLine(sku(sku, path), quantity));
        }
        PaymentMethod paymentMethod = paymentMethod(body);

        var result = placeOrder.place(new PlaceOrder.Command(caller.userId(), lines, paymentMethod, key, fingerprint(lines, paymentMethod)));

        HttpResponse response = HttpResponse.of(201, JsonViews.order(result.order(), List.of(), List.of()))
                .withHeader("location", "/orders/" + result.order().orderId().value());
        return result.replayed() ? response.withHeader("idempotent-replayed", "true") : response;
    }

    /**
     * {@code paymentMethod}: a card's payment-method token (a string, as it has always been), or
     * {@code {"platform", "type", "token"}}: {@code stripe}/{@code card} with a token, {@code alipay}/{@code qr} or
     * {@code page}, {@code wechatpay}/{@code native}.
     */
    private static PaymentMethod paymentMethod(JsonBody body) {
        JsonNode field = body.node().get("paymentMethod");
        boolean described = field != null && field.isObject();
        JsonBody method = described ? body.requiredObject("paymentMethod") : null;
        String token = described ? method.optionalString("token", 120).orElse(null) : body.requiredString("paymentMethod", 120);
        try {
            return described ? new PaymentMethod(method.requiredString("platform", 32), method.requiredString("type", 32), token)
                    : PaymentMethod.card(token);
        } catch (ValidationException e) {
            throw new ValidationException("paymentMethod: " + e.getMessage());
        }
    }

    private static Sku sku(String value, String path) {
        try {
            return Sku.of(value);
        } catch (ValidationException e) {
            throw new ValidationException(path + ".sku: " + e.getMessage());
        }
    }

    /** The request as it matters to the order, so that formatting alone does not make another request. */
    private static String fingerprint(List<RequestedLine> lines, PaymentMethod paymentMethod) {
        ObjectNode canonical = Json.object();
        ArrayNode items = canonical.putArray("items");
        lines.forEach(line -> items.addObject().put("sku", line.sku().value()).put("quantity", line.quantity()));
        canonical.put("paymentMethod", paymentMethod.stored());
        return RequestFingerprint.of(Json.write(canonical));
    }
}
