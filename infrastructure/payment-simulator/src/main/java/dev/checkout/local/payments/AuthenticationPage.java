package dev.checkout.local.payments;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 3-D Secure page a customer's browser is sent to ({@code next_action.redirect_to_url.url}): {@code GET} with
 * {@code Accept: text/html} shows the payment and two buttons, whose form {@code POST} completes or fails the
 * authentication (as the JSON admin routes do) and sends the browser back to the PaymentIntent's {@code return_url}
 * with {@code payment_intent} and {@code redirect_status}, as Stripe does. Programs keep the JSON routes.
 */
final class AuthenticationPage {
    private static final Pattern PATH = Pattern.compile("/_simulator/payment_intents/([^/]+)/(authenticate|fail_authentication)");

    private AuthenticationPage() {
    }

    /** Whether the request is a browser's: a page asked for, or its form sent. */
    static boolean isFor(HttpExchange exchange) {
        if (!PATH.matcher(exchange.getRequestURI().getRawPath()).matches()) {
            return false;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String accept = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept")).orElse("");
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        return (method.equals("GET") && accept.contains("text/html"))
                || (method.equals("POST") && type.startsWith("application/x-www-form-urlencoded"));
    }

    static void serve(HttpExchange exchange, PaymentSimulator simulator) throws IOException {
        Matcher matcher = PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!matcher.matches()) {
            throw new IllegalStateException("not an authentication page: " + exchange.getRequestURI());
        }
        String id = matcher.group(1);
        Optional<StripePaymentIntent> intent = simulator.ledger().payment(id);
        if (intent.isEmpty()) {
            page(exchange, 404, "Payment not found", "<p>There is no payment <code>" + escape(id) + "</code>.</p>");
            return;
        }
        if (exchange.getRequestMethod().equalsIgnoreCase("GET")) {
            StripePaymentIntent payment = intent.get();
            String amount = String.format(Locale.ROOT, "%d.%02d %s", payment.amount / 100, payment.amount % 100,
                    payment.currency.toUpperCase(Locale.ROOT));
            page(exchange, 200, "Confirm your payment", """
                    <p>Your bank asks you to confirm a payment of <strong>%s</strong>.</p>
                    <p class="note">Payment simulator: this stands in for the card issuer's 3-D Secure page.</p>
                    <form method="post" action="/_simulator/payment_intents/%s/authenticate"><button type="submit" class="ok">Complete authentication</button></form>
                    <form method="post" action="/_simulator/payment_intents/%s/fail_authentication"><button type="submit">Fail authentication</button></form>
                    """.formatted(amount, escape(id), escape(id)));
            return;
        }
        boolean complete = matcher.group(2).equals("authenticate");
        String returnUrl;
        try {
            returnUrl = intent.get().returnUrl;
            if (complete) {
                simulator.paymentIntentLifecycle().completeAuthentication(id);
            } else {
                simulator.paymentIntentLifecycle().failAuthentication(id);
            }
        } catch (StripeApiException e) {
            page(exchange, 409, "Nothing to confirm", "<p>This payment is not waiting for authentication any more.</p>");
            return;
        }
        String status = complete ? "succeeded" : "failed";
        if (returnUrl == null) {
            page(exchange, 200, "Done", "<p>Authentication " + status + ". You can close this page.</p>");
            return;
        }
        String back = returnUrl + (returnUrl.contains("?") ? "&" : "?") + "payment_intent=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "&redirect_status=" + status;
        exchange.getResponseHeaders().set("Location", back);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void page(HttpExchange exchange, int status, String title, String body) throws IOException {
        byte[] bytes = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title><style>
                body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
                form{display:inline-block;margin:.5rem .5rem 0 0}button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:8px;border:1px solid #8c959f;background:#fff;cursor:pointer}
                button.ok{background:#0b5cad;color:#fff;border-color:#0b5cad}button:focus-visible{outline:3px solid #f0b400;outline-offset:2px}.note{color:#57606a}
                </style></head><body><h1>%s</h1>%s</body></html>""".formatted(escape(title), escape(title), body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
