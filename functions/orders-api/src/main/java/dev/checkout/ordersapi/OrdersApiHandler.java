package dev.checkout.ordersapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.BrowseCatalog;
import dev.checkout.application.CancelOrder;
import dev.checkout.application.FulfilOrder;
import dev.checkout.application.PutProduct;
import dev.checkout.application.ViewOrders;
import dev.checkout.aws.lambda.HttpErrors;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.lambda.JsonBody;
import dev.checkout.aws.lambda.JsonViews;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.domain.Actor;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Catalog;
import dev.checkout.port.OrderRepository.OrderPage;
import dev.checkout.port.OrderRepository.OrderQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * The orders and catalog routes of the HTTP API (JWT authorizer, except the public catalog reads):
 * {@code GET /orders/{orderId}}, {@code GET /orders}, {@code GET /admin/orders} (admin: every user's
 * orders, newest first, in a window of at most 31 days), {@code POST /orders/{orderId}/cancel},
 * {@code POST /orders/{orderId}/ship} and {@code /complete} (admin), {@code PUT /products/{sku}}
 * (admin), {@code GET /products}, {@code GET /products/{sku}}. Another user's order is a 404. Only
 * {@code PUT /products/{sku}} reads a body ({@code application/json}, else 415).
 * The three lists answer a {@code nextToken} for the next page, signed and bound to the route, the
 * caller and the filters; a token that was not issued for the same ones, or was altered, is a 400
 * {@code VALIDATION_FAILED} and reads nothing. Environment: {@code TABLE_NAME},
 * {@code CHECKOUT_STATE_MACHINE_ARN}, {@code CHARGE_QUEUE_URL}, {@code PAGE_TOKEN_KEY_SECRET_ARN}
 * (the secret holding the page-token key; {@code PAGE_TOKEN_KEY} instead for local runs).
 */
public final class OrdersApiHandler extends HttpFunction {
    private static final int DEFAULT_LIMIT = 20;
    private static final long MAX_PRICE = 100_000_000_000L;

    private final ViewOrders viewOrders;
    private final CancelOrder cancelOrder;
    private final FulfilOrder fulfilOrder;
    private final BrowseCatalog browseCatalog;
    private final PutProduct putProduct;

    public OrdersApiHandler() {
        this(FunctionEnvironment.system());
    }

    public OrdersApiHandler(FunctionEnvironment env) {
        this(CheckoutAdapters.servingPagedRoutes(env));
    }

    private OrdersApiHandler(CheckoutAdapters adapters) {
        this(adapters.viewOrders(), adapters.cancelOrder(), adapters.fulfilOrder(), adapters.browseCatalog(), adapters.putProduct());
    }

    OrdersApiHandler(ViewOrders viewOrders, CancelOrder cancelOrder, FulfilOrder fulfilOrder, BrowseCatalog browseCatalog, PutProduct putProduct) {
        this.viewOrders = viewOrders;
        this.cancelOrder = cancelOrder;
        this.fulfilOrder = fulfilOrder;
        this.browseCatalog = browseCatalog;
        this.putProduct = putProduct;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return switch (request.routeKey()) {
            case "GET /orders/{orderId}" -> {
                var details = viewOrders.get(actor(request), orderId(request));
                yield HttpResponse.ok(JsonViews.order(details.order(), details.payments(), details.refunds()));
            }
            case "GET /orders" -> listOrders(request);
            case "GET /admin/orders" -> listAllOrders(request);
            case "POST /orders/{orderId}/cancel" -> orderResponse(cancelOrder.cancel(actor(request), orderId(request)));
            case "POST /orders/{orderId}/ship" -> orderResponse(fulfilOrder.ship(actor(request), orderId(request)));
            case "POST /orders/{orderId}/complete" -> orderResponse(fulfilOrder.complete(actor(request), orderId(request)));
            case "PUT /products/{sku}" -> putProduct(request);
            case "GET /products" -> listProducts(request);
            case "GET /products/{sku}" -> HttpResponse.ok(JsonViews.product(browseCatalog.get(Sku.of(request.pathParameter("sku")))));
            default -> HttpErrors.error(404, "ROUTE_NOT_FOUND", "no route " + request.routeKey(), request.requestId());
        };
    }

    private static Actor actor(HttpRequest request) {
        return request.requireCaller().actor();
    }

    private static OrderId orderId(HttpRequest request) {
        return OrderId.of(request.pathParameter("orderId"));
    }

    /** The changed order with its payments and refunds, as {@code GET /orders/{orderId}} shows it. */
    private HttpResponse orderResponse(dev.checkout.domain.Order changed) {
        var details = viewOrders.details(changed);
        return HttpResponse.ok(JsonViews.order(details.order(), details.payments(), details.refunds()));
    }

    private HttpResponse listOrders(HttpRequest request) {
        return orderPage(viewOrders.list(actor(request), orderQuery(request)));
    }

    private HttpResponse listAllOrders(HttpRequest request) {
        return orderPage(viewOrders.listAll(actor(request), orderQuery(request)));
    }

    private static OrderQuery orderQuery(HttpRequest request) {
        return new OrderQuery(
                instant(request, "from"),
                instant(request, "to"),
                request.query("status").map(OrdersApiHandler::status).orElse(null),
                limit(request, OrderQuery.MAX_LIMIT),
                request.query("nextToken").orElse(null));
    }

    private static HttpResponse orderPage(OrderPage page) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("orders");
        page.orders().forEach(order -> list.add(JsonViews.orderSummary(order)));
        body.put("nextToken", page.nextToken());
        return HttpResponse.ok(body);
    }

    private HttpResponse putProduct(HttpRequest request) {
        Actor actor = actor(request);
        Sku sku = Sku.of(request.pathParameter("sku"));
        JsonBody body = request.jsonBody();
        String name = body.requiredString("name", Product.MAX_NAME_LENGTH);
        JsonBody price = body.requiredObject("price");
        Money money = Money.of(price.requiredLong("amount", 0, MAX_PRICE), price.requiredString("currency", 3));
        long available = body.requiredLong("available", 0, PutProduct.MAX_STOCK);
        int shards = body.optionalLong("shards", 1, Catalog.MAX_SHARDS).map(Long::intValue).orElse(Catalog.KEEP_SHARDS);
        var result = putProduct.put(actor, sku, name, money, available, shards);
        return HttpResponse.of(result.created() ? 201 : 200, JsonViews.product(result.product()));
    }

    private HttpResponse listProducts(HttpRequest request) {
        var page = browseCatalog.list(limit(request, BrowseCatalog.MAX_PAGE), request.query("nextToken").orElse(null));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("products");
        page.products().forEach(product -> list.add(JsonViews.product(product)));
        body.put("nextToken", page.nextToken());
        return HttpResponse.ok(body);
    }

    private static Instant instant(HttpRequest request, String name) {
        return request.query(name).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new ValidationException(name + " must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
            }
        }).orElse(null);
    }

    private static OrderStatus status(String value) {
        try {
            return OrderStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("status must be one of " + Arrays.toString(OrderStatus.values()));
        }
    }

    private static int limit(HttpRequest request, int max) {
        return request.query("limit").map(value -> {
            try {
                int limit = Integer.parseInt(value);
                if (limit >= 1 && limit <= max) {
                    return limit;
                }
            } catch (NumberFormatException e) {
                // falls through to the validation error
            }
            throw new ValidationException("limit must be a whole number from 1 to " + max);
        }).orElse(DEFAULT_LIMIT);
    }
}
