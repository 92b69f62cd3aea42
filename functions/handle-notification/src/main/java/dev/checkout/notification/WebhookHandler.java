package dev.checkout.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.ReceivePaymentEvent;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;

/**
 * {@code POST /webhooks/{provider}} (HTTP API, no authorizer: the provider's signature is the
 * authentication). Takes the body in the platform's media type, in UTF-8 ({@link WebhookDialect}: JSON for
 * Stripe and WeChat Pay, a form for Alipay; another media type is 415, bytes that are not UTF-8 are 400),
 * verifies the signature over its text exactly as received (400 and nothing stored when it fails), refuses
 * an event holding text that is not valid Unicode (400, nothing stored), stores the event in the inbox,
 * enqueues it on the notification queue and answers as the platform reads "stored". A repeated delivery
 * is answered the same way. A provider this deployment does not take is 404.
 *
 * <p>Every answer other than "stored" makes the platform deliver again, which is what a 5xx (storage or
 * queue down) needs; a 4xx (forged or malformed) is never sent by the platform itself.
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
        WebhookDialect dialect = WebhookDialect.of(provider);
        var receipt = receive.receive(provider, dialect.bodyText(request), request.headers());
        return dialect.stored(receipt);
    }

    @Override
    protected HttpResponse errorInCallersWords(JsonNode event, HttpResponse standard) {
        return WebhookDialect.of(event.path("pathParameters").path("provider").asText("")).refused(standard);
    }

    /** How each platform sends its notifications and reads the answer. */
    enum WebhookDialect {
        /** JSON; 2xx is "stored". The answer's body is informational. */
        STRIPE {
            @Override
            HttpResponse stored(ReceivePaymentEvent.Receipt receipt) {
                ObjectNode body = Json.object();
                body.put("received", true);
                body.put("eventId", receipt.event().eventId());
                body.put("duplicate", receipt.outcome() == ReceivePaymentEvent.Outcome.DUPLICATE);
                return HttpResponse.ok(body);
            }
        },
        /** A form; "stored" is exactly the text {@code success}, anything else is delivered again (about 8 times over 25 h). */
        ALIPAY {
            @Override
            String bodyText(HttpRequest request) {
                return request.formText();
            }

            @Override
            HttpResponse stored(ReceivePaymentEvent.Receipt receipt) {
                return HttpResponse.text(200, "success");
            }
        },
        /**
         * JSON; "stored" is 200 or 204 without a body; a refusal is 4xx/5xx with {@code {"code": "FAIL", "message"}},
         * and is delivered again (15 times over about 24 h).
         */
        WECHATPAY {
            @Override
            HttpResponse stored(ReceivePaymentEvent.Receipt receipt) {
                return HttpResponse.empty(204);
            }

            @Override
            HttpResponse refused(HttpResponse standard) {
                ObjectNode body = Json.object();
                body.put("code", "FAIL");
                body.put("message", standard.body() == null ? "refused" : standard.body().path("error").path("message").asText("refused"));
                var reshaped = HttpResponse.of(standard.statusCode(), body);
                for (var header : standard.headers().entrySet()) {
                    reshaped = reshaped.withHeader(header.getKey(), header.getValue());
                }
                return reshaped;
            }
        };

        /** The dialect of {@code provider}; Stripe's for one this service does not know (its 404 is the service's own). */
        static WebhookDialect of(String provider) {
            return switch (provider) {
                case "alipay" -> ALIPAY;
                case "wechatpay" -> WECHATPAY;
                default -> STRIPE;
            };
        }

        String bodyText(HttpRequest request) {
            return request.jsonText();
        }

        abstract HttpResponse stored(ReceivePaymentEvent.Receipt receipt);

        HttpResponse refused(HttpResponse standard) {
            return standard;
        }
    }
}
