package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The provider's books: PaymentIntents, their charges and refunds, with the state changes Stripe makes and the
 * events they produce. Thread-safe: every operation holds the ledger's lock.
 */
final class PaymentLedger {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CANCELLABLE =
            Set.of("requires_payment_method", "requires_confirmation", "requires_action", "processing",
                    "requires_capture");
    private static final Set<String> CONFIRMABLE =
            Set.of("requires_payment_method", "requires_confirmation", "requires_action");
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");
    private static final Set<String> CANCELLATION_REASONS =
            Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

    private final EventSink events;
    private final ScheduledExecutorService scheduler;
    private final Duration refundSettleDelay;
    private final Supplier<String> baseUrl;
    private final Clock clock;

    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private long generation;
    private int pendingSettlements;

    PaymentLedger(EventSink events, ScheduledExecutorService scheduler, Duration refundSettleDelay,
                  Supplier<String> baseUrl, Clock clock) {
        this.events = events;
        this.scheduler = scheduler;
        this.refundSettleDelay = refundSettleDelay;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    // ---- PaymentIntents -------------------------------------------------------------------------------------

    synchronized ObjectNode createPaymentIntent(FormParameters params, RequestContext cause) {
        long amount = requirePositiveAmount(params, "amount");
        String currency = requireCurrency(params);
        String captureMethod = params.get("capture_method");
        if (captureMethod != null && !captureMethod.equals("automatic") && !captureMethod.equals("automatic_async")) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "The payment simulator supports capture_method=automatic only, not '" + captureMethod + "'.",
                    "capture_method");
        }
        String paymentMethod = params.get("payment_method");
        if (paymentMethod != null) {
            requireKnownCard(paymentMethod);
        }
        boolean confirm = params.getBoolean("confirm");
        if (confirm && paymentMethod == null) {
            throw StripeApiException.invalidRequest("parameter_missing",
                    "You must provide a payment_method to confirm this PaymentIntent.", "payment_method");
        }

        Intent intent = new Intent();
        intent.id = StripeIds.next("pi");
        intent.clientSecret = intent.id + "_secret_" + StripeIds.random(25);
        intent.amount = amount;
        intent.currency = currency;
        intent.description = params.get("description");
        intent.metadata = params.hash("metadata");
        intent.paymentMethod = paymentMethod;
        intent.created = now();
        intent.returnUrl = params.get("return_url");
        intent.automaticPaymentMethods = params.get("automatic_payment_methods[enabled]") != null
                && params.getBoolean("automatic_payment_methods[enabled]");
        List<String> types = params.array("payment_method_types");
        intent.paymentMethodTypes = types.isEmpty() ? List.of("card") : types;
        intent.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
        intent.idempotencyKey = cause.idempotencyKey();
        intents.put(intent.id, intent);
        events.publish("payment_intent.created", render(intent), null, cause);

        if (confirm) {
            attemptPayment(intent, cause);
        }
        return render(intent);
    }

    synchronized ObjectNode retrievePaymentIntent(String id, List<String> expand) {
        Intent intent = intent(id, "intent");
        ObjectNode json = render(intent);
        if (expand.contains("latest_charge") && intent.latestCharge != null) {
            json.set("latest_charge", render(charges.get(intent.latestCharge)));
        }
        return json;
    }

    synchronized ObjectNode confirmPaymentIntent(String id, FormParameters params, RequestContext cause) {
        Intent intent = intent(id, "intent");
        if (!CONFIRMABLE.contains(intent.status)) {
            throw unexpectedState("confirm", intent,
                    "You cannot confirm this PaymentIntent because it has a status of " + intent.status + ".");
        }
        String paymentMethod = params.get("payment_method");
        if (paymentMethod != null) {
            requireKnownCard(paymentMethod);
            intent.paymentMethod = paymentMethod;
        }
        if (intent.paymentMethod == null) {
            throw unexpectedState("confirm", intent, "You cannot confirm this PaymentIntent because it's missing a "
                    + "payment method. To confirm the PaymentIntent with cus_, specify a payment method attached to "
                    + "this customer along with the customer ID.");
        }
        if (params.get("return_url") != null) {
            intent.returnUrl = params.get("return_url");
        }
        attemptPayment(intent, cause);
        return render(intent);
    }

    synchronized ObjectNode cancelPaymentIntent(String id, FormParameters params, RequestContext cause) {
        Intent intent = intent(id, "intent");
        String reason = params.get("cancellation_reason");
        if (reason != null && !CANCELLATION_REASONS.contains(reason)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid cancellation_reason: must be one of " + String.join(", ", CANCELLATION_REASONS),
                    "cancellation_reason");
        }
        if (!CANCELLABLE.contains(intent.status)) {
            throw unexpectedState("cancel", intent, "You cannot cancel this PaymentIntent because it has a status of "
                    + intent.status + ". Only a PaymentIntent with one of the following statuses may be canceled: "
                    + "requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.");
        }
        intent.status = "canceled";
        intent.canceledAt = now();
        intent.cancellationReason = reason;
        intent.nextAction = null;
        events.publish("payment_intent.canceled", render(intent), null, cause);
        return render(intent);
    }

    /** Completes the customer's authentication of a {@code requires_action} PaymentIntent: it succeeds. */
    synchronized ObjectNode completeAuthentication(String id) {
        Intent intent = awaitingAction(id);
        intent.nextAction = null;
        succeed(intent, RequestContext.AUTOMATIC);
        return render(intent);
    }

    /** Fails the customer's authentication of a {@code requires_action} PaymentIntent, as Stripe does. */
    synchronized ObjectNode failAuthentication(String id) {
        Intent intent = awaitingAction(id);
        intent.nextAction = null;
        ObjectNode error = JSON.objectNode();
        error.put("type", "invalid_request_error");
        error.put("code", "payment_intent_authentication_failure");
        error.put("message", "The provided PaymentMethod has failed authentication. You can provide payment_method_data"
                + " or a new PaymentMethod to attempt to fulfill this PaymentIntent again.");
        error.set("payment_method", paymentMethodJson(intent.paymentMethod));
        intent.lastPaymentError = error;
        intent.paymentMethod = null;
        intent.status = "requires_payment_method";
        events.publish("payment_intent.payment_failed", render(intent), null, RequestContext.AUTOMATIC);
        return render(intent);
    }

    private Intent awaitingAction(String id) {
        Intent intent = intent(id, "intent");
        if (!intent.status.equals("requires_action")) {
            throw unexpectedState("authenticate", intent,
                    "This PaymentIntent is not awaiting authentication: its status is " + intent.status + ".");
        }
        return intent;
    }

    private void attemptPayment(Intent intent, RequestContext cause) {
        TestCard card = requireKnownCard(intent.paymentMethod);
        intent.lastPaymentError = null;
        switch (card.outcome()) {
            case SUCCEEDS, SUCCEEDS_BUT_REFUNDS_FAIL -> succeed(intent, cause);
            case REQUIRES_ACTION -> {
                intent.status = "requires_action";
                ObjectNode redirect = JSON.objectNode();
                redirect.put("url", baseUrl.get() + "/_simulator/payment_intents/" + intent.id + "/authenticate");
                redirect.put("return_url", intent.returnUrl);
                ObjectNode nextAction = JSON.objectNode();
                nextAction.put("type", "redirect_to_url");
                nextAction.set("redirect_to_url", redirect);
                intent.nextAction = nextAction;
                events.publish("payment_intent.requires_action", render(intent), null, cause);
            }
            case DECLINED -> decline(intent, card, cause);
        }
    }

    private void succeed(Intent intent, RequestContext cause) {
        Charge charge = newCharge(intent, "succeeded");
        intent.latestCharge = charge.id;
        intent.amountReceived = intent.amount;
        intent.status = "succeeded";
        intent.lastPaymentError = null;
        events.publish("charge.succeeded", render(charge), null, cause);
        events.publish("payment_intent.succeeded", render(intent), null, cause);
    }

    private void decline(Intent intent, TestCard card, RequestContext cause) {
        Charge charge = newCharge(intent, "failed");
        charge.failureCode = card.errorCode();
        charge.failureMessage = card.declineMessage();
        charge.declineCode = card.declineCode();
        ObjectNode error = JSON.objectNode();
        error.put("type", "card_error");
        error.put("code", card.errorCode());
        error.put("decline_code", card.declineCode());
        error.put("message", card.declineMessage());
        error.put("charge", charge.id);
        error.set("payment_method", paymentMethodJson(intent.paymentMethod));
        intent.lastPaymentError = error;
        intent.latestCharge = charge.id;
        intent.paymentMethod = null;
        intent.status = "requires_payment_method";
        events.publish("charge.failed", render(charge), null, cause);
        events.publish("payment_intent.payment_failed", render(intent), null, cause);
        throw StripeApiException.cardDeclined(card.errorCode(), card.declineCode(), card.declineMessage())
                .with("charge", JSON.textNode(charge.id))
                .with("payment_intent", render(intent))
                .with("payment_method", paymentMethodJson(card.token()));
    }

    private Charge newCharge(Intent intent, String status) {
        Charge charge = new Charge();
        charge.id = StripeIds.next("ch");
        charge.intentId = intent.id;
        charge.amount = intent.amount;
        charge.currency = intent.currency;
        charge.status = status;
        charge.created = now();
        charge.paymentMethod = intent.paymentMethod;
        charge.metadata = intent.metadata;
        charge.description = intent.description;
        charges.put(charge.id, charge);
        return charge;
    }

    // ---- Charges and refunds --------------------------------------------------------------------------------

    synchronized ObjectNode retrieveCharge(String id) {
        Charge charge = charges.get(id);
        if (charge == null) {
            throw StripeApiException.notFound("charge", id, "id");
        }
        return render(charge);
    }

    synchronized ObjectNode createRefund(FormParameters params, RequestContext cause) {
        String intentId = params.get("payment_intent");
        String chargeId = params.get("charge");
        if (intentId == null && chargeId == null) {
            throw StripeApiException.invalidRequest("parameter_missing",
                    "One of the following params should be provided for this request: payment_intent or charge.",
                    null);
        }
        Charge charge;
        if (intentId != null) {
            Intent intent = intent(intentId, "payment_intent");
            charge = intent.latestCharge == null ? null : charges.get(intent.latestCharge);
            if (charge == null || !charge.status.equals("succeeded")) {
                throw StripeApiException.invalidRequest("charge_not_refundable", "This PaymentIntent (" + intentId
                        + ") does not have a successful charge to refund.", "payment_intent");
            }
        } else {
            charge = charges.get(chargeId);
            if (charge == null) {
                throw StripeApiException.notFound("charge", chargeId, "charge");
            }
            if (!charge.status.equals("succeeded")) {
                throw StripeApiException.invalidRequest("charge_not_refundable",
                        "Charge " + chargeId + " has not succeeded and cannot be refunded.", "charge");
            }
        }
        long remaining = charge.amount - charge.amountRefunded;
        Long requested = params.getLong("amount");
        if (requested != null && requested <= 0) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer",
                    "This value must be greater than or equal to 1.", "amount");
        }
        if (remaining == 0) {
            throw StripeApiException.invalidRequest("charge_already_refunded",
                    "Charge " + charge.id + " has already been refunded.", null);
        }
        long amount = requested == null ? remaining : requested;
        if (amount > remaining) {
            throw StripeApiException.invalidRequest("amount_too_large", "Refund amount (" + money(amount, charge.currency)
                    + ") is greater than unrefunded amount on charge (" + money(remaining, charge.currency) + ")",
                    "amount");
        }
        String reason = params.get("reason");
        if (reason != null && !REFUND_REASONS.contains(reason)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        }

        Refund refund = new Refund();
        refund.id = StripeIds.next("re");
        refund.chargeId = charge.id;
        refund.intentId = charge.intentId;
        refund.amount = amount;
        refund.currency = charge.currency;
        refund.reason = reason;
        refund.metadata = params.hash("metadata");
        refund.status = "pending";
        refund.created = now();
        refunds.put(refund.id, refund);
        charge.amountRefunded += amount;

        events.publish("refund.created", render(refund), null, cause);
        ObjectNode previous = JSON.objectNode();
        previous.put("amount_refunded", charge.amountRefunded - amount);
        previous.put("refunded", false);
        events.publish("charge.refunded", render(charge), previous, cause);

        long scheduledIn = generation;
        pendingSettlements++;
        scheduler.schedule(() -> settleRefund(refund.id, scheduledIn), refundSettleDelay.toNanos(),
                TimeUnit.NANOSECONDS);
        return render(refund);
    }

    synchronized ObjectNode retrieveRefund(String id) {
        Refund refund = refunds.get(id);
        if (refund == null) {
            throw StripeApiException.notFound("refund", id, "id");
        }
        return render(refund);
    }

    private synchronized void settleRefund(String id, long scheduledIn) {
        if (scheduledIn != generation) {
            return;
        }
        pendingSettlements--;
        notifyAll();
        Refund refund = refunds.get(id);
        if (refund == null || !refund.status.equals("pending")) {
            return;
        }
        Charge charge = charges.get(refund.chargeId);
        ObjectNode previous = JSON.objectNode();
        previous.put("status", "pending");
        if (TestCard.byToken(charge.paymentMethod).map(c -> c.outcome() == TestCard.Outcome.SUCCEEDS_BUT_REFUNDS_FAIL)
                .orElse(false)) {
            refund.status = "failed";
            refund.failureReason = "declined";
            charge.amountRefunded -= refund.amount;
            events.publish("refund.updated", render(refund), previous, RequestContext.AUTOMATIC);
            events.publish("refund.failed", render(refund), previous, RequestContext.AUTOMATIC);
        } else {
            refund.status = "succeeded";
            events.publish("refund.updated", render(refund), previous, RequestContext.AUTOMATIC);
        }
    }

    // ---- Inspection -----------------------------------------------------------------------------------------

    synchronized List<SimulatedPaymentIntent> paymentIntents() {
        List<SimulatedPaymentIntent> result = new ArrayList<>();
        for (Intent i : intents.values()) {
            result.add(new SimulatedPaymentIntent(i.id, i.amount, i.currency, i.status, i.paymentMethod,
                    i.latestCharge, i.amountReceived, i.metadata, i.description, i.idempotencyKey));
        }
        return result;
    }

    synchronized List<SimulatedCharge> charges() {
        List<SimulatedCharge> result = new ArrayList<>();
        for (Charge c : charges.values()) {
            result.add(new SimulatedCharge(c.id, c.intentId, c.amount, c.currency, c.status, c.amountRefunded,
                    intents.get(c.intentId).idempotencyKey));
        }
        return result;
    }

    synchronized List<SimulatedRefund> refunds() {
        List<SimulatedRefund> result = new ArrayList<>();
        for (Refund r : refunds.values()) {
            result.add(new SimulatedRefund(r.id, r.intentId, r.chargeId, r.amount, r.currency, r.status, r.reason,
                    r.failureReason, r.metadata));
        }
        return result;
    }

    synchronized ChargeCount chargeCount(String idempotencyKey) {
        int paymentIntents = 0;
        for (Intent intent : intents.values()) {
            if (idempotencyKey.equals(intent.idempotencyKey)) {
                paymentIntents++;
            }
        }
        int all = 0;
        int succeeded = 0;
        for (Charge charge : charges.values()) {
            if (idempotencyKey.equals(intents.get(charge.intentId).idempotencyKey)) {
                all++;
                if (charge.status.equals("succeeded")) {
                    succeeded++;
                }
            }
        }
        return new ChargeCount(idempotencyKey, paymentIntents, all, succeeded);
    }

    synchronized ArrayNode renderAll(String kind) {
        ArrayNode array = JSON.arrayNode();
        switch (kind) {
            case "payment_intents" -> intents.values().forEach(i -> array.add(render(i)));
            case "charges" -> charges.values().forEach(c -> array.add(render(c)));
            case "refunds" -> refunds.values().forEach(r -> array.add(render(r)));
            default -> throw new IllegalArgumentException(kind);
        }
        return array;
    }

    /** Waits until no refund is pending settlement. */
    synchronized void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingSettlements > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimedOutException(pendingSettlements + " refunds still pending after " + timeout);
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimedOutException("interrupted while awaiting refund settlement");
            }
        }
    }

    synchronized void reset() {
        intents.clear();
        charges.clear();
        refunds.clear();
        generation++;
        pendingSettlements = 0;
        notifyAll();
    }

    // ---- Rendering in Stripe's shapes -----------------------------------------------------------------------

    private ObjectNode render(Intent i) {
        ObjectNode json = JSON.objectNode();
        json.put("id", i.id);
        json.put("object", "payment_intent");
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

    private ObjectNode render(Charge c) {
        ObjectNode json = JSON.objectNode();
        json.put("id", c.id);
        json.put("object", "charge");
        json.put("amount", c.amount);
        json.put("amount_captured", c.status.equals("succeeded") ? c.amount : 0);
        json.put("amount_refunded", c.amountRefunded);
        json.put("captured", c.status.equals("succeeded"));
        json.put("created", c.created);
        json.put("currency", c.currency);
        json.put("description", c.description);
        json.put("failure_code", c.failureCode);
        json.put("failure_message", c.failureMessage);
        json.put("livemode", false);
        json.set("metadata", metadata(c.metadata));
        ObjectNode outcome = json.putObject("outcome");
        boolean paid = c.status.equals("succeeded");
        outcome.put("network_status", paid ? "approved_by_network" : "declined_by_network");
        outcome.put("reason", paid ? null : c.declineCode);
        outcome.put("risk_level", "normal");
        outcome.put("seller_message", paid ? "Payment complete." : "The bank did not return any further details "
                + "with this decline.");
        outcome.put("type", paid ? "authorized" : "issuer_declined");
        json.put("paid", paid);
        json.put("payment_intent", c.intentId);
        json.put("payment_method", c.paymentMethod);
        ObjectNode details = json.putObject("payment_method_details");
        details.put("type", "card");
        TestCard.byToken(c.paymentMethod).ifPresent(card -> {
            ObjectNode cardJson = details.putObject("card");
            cardJson.put("brand", card.brand());
            cardJson.put("last4", card.last4());
        });
        json.put("refunded", paid && c.amountRefunded == c.amount);
        json.put("status", c.status);
        return json;
    }

    private ObjectNode render(Refund r) {
        ObjectNode json = JSON.objectNode();
        json.put("id", r.id);
        json.put("object", "refund");
        json.put("amount", r.amount);
        json.putNull("balance_transaction");
        json.put("charge", r.chargeId);
        json.put("created", r.created);
        json.put("currency", r.currency);
        if (r.failureReason != null) {
            json.put("failure_reason", r.failureReason);
        }
        json.set("metadata", metadata(r.metadata));
        json.put("payment_intent", r.intentId);
        json.put("reason", r.reason);
        json.put("status", r.status);
        return json;
    }

    private static ObjectNode paymentMethodJson(String token) {
        ObjectNode json = JSON.objectNode();
        json.put("id", token);
        json.put("object", "payment_method");
        json.put("type", "card");
        TestCard.byToken(token).ifPresent(card -> {
            ObjectNode cardJson = json.putObject("card");
            cardJson.put("brand", card.brand());
            cardJson.put("last4", card.last4());
        });
        return json;
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

    // ---- Validation -----------------------------------------------------------------------------------------

    private Intent intent(String id, String param) {
        Intent intent = intents.get(id);
        if (intent == null) {
            throw StripeApiException.notFound("payment_intent", id, param);
        }
        return intent;
    }

    private StripeApiException unexpectedState(String action, Intent intent, String message) {
        return StripeApiException.invalidRequest("payment_intent_unexpected_state", message, null)
                .with("payment_intent", render(intent));
    }

    private static TestCard requireKnownCard(String token) {
        return TestCard.byToken(token).orElseThrow(() -> StripeApiException.invalidRequest("resource_missing",
                "No such PaymentMethod: '" + token + "'", "payment_method"));
    }

    private static long requirePositiveAmount(FormParameters params, String name) {
        Long amount = params.getLong(name);
        if (amount == null) {
            throw StripeApiException.missingParameter(name);
        }
        if (amount < 1) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer",
                    "This value must be greater than or equal to 1.", name);
        }
        return amount;
    }

    private static String requireCurrency(FormParameters params) {
        String currency = params.require("currency");
        if (!currency.matches("[A-Za-z]{3}")) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid currency: " + currency + ". Stripe currently supports these currencies: usd, eur, ...",
                    "currency");
        }
        return currency.toLowerCase(Locale.ROOT);
    }

    private static String money(long minor, String currency) {
        return String.format(Locale.ROOT, "%d.%02d %s", minor / 100, minor % 100, currency);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    // ---- State (guarded by the ledger's lock) ---------------------------------------------------------------

    private static final class Intent {
        String id;
        String clientSecret;
        long amount;
        long amountReceived;
        String currency;
        String status;
        String paymentMethod;
        String description;
        Map<String, String> metadata;
        long created;
        Long canceledAt;
        String cancellationReason;
        String latestCharge;
        ObjectNode lastPaymentError;
        ObjectNode nextAction;
        String returnUrl;
        boolean automaticPaymentMethods;
        List<String> paymentMethodTypes;
        String idempotencyKey;
    }

    private static final class Charge {
        String id;
        String intentId;
        long amount;
        long amountRefunded;
        String currency;
        String status;
        long created;
        String paymentMethod;
        String description;
        String failureCode;
        String failureMessage;
        String declineCode;
        Map<String, String> metadata;
    }

    private static final class Refund {
        String id;
        String intentId;
        String chargeId;
        long amount;
        String currency;
        String status;
        String reason;
        String failureReason;
        Map<String, String> metadata;
        long created;
    }
}
