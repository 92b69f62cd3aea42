package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The ledger's entries in Stripe's JSON shapes: the PaymentIntent, Charge and Refund objects the API answers and
 * events carry, and the parts written into them (a payment method, {@code last_payment_error},
 * {@code next_action}, an event's {@code previous_attributes}). Each call renders a fresh copy; call it holding
 * the ledger's lock.
 */
final class StripeJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StripeJson() {
    }

    static ObjectNode paymentIntent(StripePaymentIntent i) {
        ObjectNode json = stripeObject(i.id, "payment_intent");
        json.put("amount", i.amount);
        json.put("amount_capturable", 0);
        json.put("amount_received", i.amountReceived);
        if (i.automaticPaymentMethods) {
            ObjectNode automatic = json.putObject("automatic_payment_methods");
            automatic.put("allow_redirects", "always");
            automatic.put("enabled", true);
        } else {
            json.putNull("automatic_payment_methods");
        }
        putNullable(json, "canceled_at", i.canceledAt);
        json.put("cancellation_reason", i.cancellationReason);
        json.put("capture_method", "automatic");
        json.put("client_secret", i.clientSecret);
        json.put("confirmation_method", "automatic");
        json.put("created", i.created);
        json.put("currency", i.currency);
        json.putNull("customer");
        json.put("description", i.description);
        json.set("last_payment_error", i.lastPaymentError == null ? JSON.nullNode() : i.lastPaymentError.deepCopy());
        json.put("latest_charge", i.latestCharge);
        json.put("livemode", false);
        json.set("metadata", metadata(i.metadata));
        json.set("next_action", i.nextAction == null ? JSON.nullNode() : i.nextAction.deepCopy());
        json.put("payment_method", i.paymentMethod);
        ArrayNode types = json.putArray("payment_method_types");
        i.paymentMethodTypes.forEach(types::add);
        json.putNull("receipt_email");
        json.put("status", i.status);
        return json;
    }

    /** A page of search results: {@code next_page} is null on the last page. */
    static ObjectNode searchResult(String url, List<ObjectNode> data, String nextPage) {
        ObjectNode json = JSON.objectNode();
        json.put("object", "search_result");
        json.putArray("data").addAll(data);
        json.put("has_more", nextPage != null);
        json.put("next_page", nextPage);
        json.put("url", url);
        return json;
    }

    static ObjectNode charge(PaymentLedger.Charge c) {
        ObjectNode json = stripeObject(c.id, "charge");
        json.put("amount", c.amount);
        json.put("amount_captured", c.succeeded() ? c.amount : 0);
        json.put("amount_refunded", c.amountRefunded);
        json.put("captured", c.succeeded());
        json.put("created", c.created);
        json.put("currency", c.currency);
        json.put("description", c.description);
        json.put("failure_code", c.failureCode);
        json.put("failure_message", c.failureMessage);
        json.put("livemode", false);
        json.set("metadata", metadata(c.metadata));
        ObjectNode outcome = json.putObject("outcome");
        boolean paid = c.succeeded();
        outcome.put("network_status", paid ? "approved_by_network" : "declined_by_network");
        outcome.put("reason", paid ? null : c.declineCode);
        outcome.put("risk_level", "normal");
        outcome.put("seller_message", paid ? "Payment complete." : "The bank did not return any further details "
                + "with this decline.");
        outcome.put("type", paid ? "authorized" : "issuer_declined");
        json.put("paid", paid);
        json.put("payment_intent", c.paymentId);
        json.put("payment_method", c.paymentMethod);
        ObjectNode details = json.putObject("payment_method_details");
        details.put("type", "card");
        putCard(details, c.paymentMethod);
        json.put("refunded", paid && c.amountRefunded == c.amount);
        json.put("status", c.status);
        return json;
    }

    static ObjectNode refund(PaymentLedger.Refund r) {
        ObjectNode json = stripeObject(r.id, "refund");
        json.put("amount", r.amount);
        json.putNull("balance_transaction");
        json.put("charge", r.chargeId);
        json.put("created", r.created);
        json.put("currency", r.currency);
        if (r.failureReason != null) {
            json.put("failure_reason", r.failureReason);
        }
        json.set("metadata", metadata(r.metadata));
        json.put("payment_intent", r.paymentId);
        json.put("reason", r.reason);
        json.put("status", r.status);
        return json;
    }

    /** The PaymentMethod object of a test card token, with the card's brand and last four digits if it is one. */
    static ObjectNode paymentMethod(String token) {
        ObjectNode json = stripeObject(token, "payment_method");
        json.put("type", "card");
        putCard(json, token);
        return json;
    }

    /** {@code last_payment_error} after the charge {@code chargeId} with {@code paymentMethod} was declined. */
    static ObjectNode cardDeclined(TestCard card, String chargeId, String paymentMethod) {
        ObjectNode error = JSON.objectNode();
        error.put("type", "card_error");
        error.put("code", card.errorCode());
        error.put("decline_code", card.declineCode());
        error.put("message", card.declineMessage());
        error.put("charge", chargeId);
        error.set("payment_method", paymentMethod(paymentMethod));
        return error;
    }

    /** {@code last_payment_error} after the customer failed to authenticate with {@code paymentMethod}. */
    static ObjectNode authenticationFailed(String paymentMethod) {
        ObjectNode error = JSON.objectNode();
        error.put("type", "invalid_request_error");
        error.put("code", "payment_intent_authentication_failure");
        error.put("message", "The provided PaymentMethod has failed authentication. You can provide payment_method_data"
                + " or a new PaymentMethod to attempt to fulfill this PaymentIntent again.");
        error.set("payment_method", paymentMethod(paymentMethod));
        return error;
    }

    /** {@code next_action} sending the customer to {@code url} to authenticate, then back to {@code returnUrl}. */
    static ObjectNode redirectToUrl(String url, String returnUrl) {
        ObjectNode redirect = JSON.objectNode();
        redirect.put("url", url);
        redirect.put("return_url", returnUrl);
        ObjectNode nextAction = JSON.objectNode();
        nextAction.put("type", "redirect_to_url");
        nextAction.set("redirect_to_url", redirect);
        return nextAction;
    }

    /** {@code previous_attributes} of {@code charge.refunded}: what the charge had refunded before. */
    static ObjectNode chargeBeforeRefund(long amountRefunded) {
        ObjectNode previous = JSON.objectNode();
        previous.put("amount_refunded", amountRefunded);
        previous.put("refunded", false);
        return previous;
    }

    /** {@code previous_attributes} of the events of a refund's settlement. */
    static ObjectNode refundBeforeSettlement() {
        ObjectNode previous = JSON.objectNode();
        previous.put("status", "pending");
        return previous;
    }

    /** A new object with what every Stripe object begins with: its {@code id} and its {@code object} type. */
    private static ObjectNode stripeObject(String id, String type) {
        ObjectNode json = JSON.objectNode();
        json.put("id", id);
        json.put("object", type);
        return json;
    }

    private static void putCard(ObjectNode json, String token) {
        TestCard.byToken(token).ifPresent(card -> {
            ObjectNode cardJson = json.putObject("card");
            cardJson.put("brand", card.brand());
            cardJson.put("last4", card.last4());
        });
    }

    private static ObjectNode metadata(Map<String, String> values) {
        ObjectNode json = JSON.objectNode();
        values.forEach(json::put);
        return json;
    }

    private static void putNullable(ObjectNode json, String field, Long value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }
}
