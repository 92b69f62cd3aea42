package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.checkout.local.payments.StripeParameterValidation.optionalCancellationReason;
import static dev.checkout.local.payments.StripeParameterValidation.requireAutomaticCapture;
import static dev.checkout.local.payments.StripeParameterValidation.requireCurrency;
import static dev.checkout.local.payments.StripeParameterValidation.requireKnownCard;
import static dev.checkout.local.payments.StripeParameterValidation.requirePaymentMethodToConfirm;
import static dev.checkout.local.payments.StripeParameterValidation.requirePositiveAmount;

/**
 * A PaymentIntent's life as Stripe leads it: created, confirmed with a payment method (each attempt makes a charge
 * whose outcome the test card decides), authenticated by the customer when the card asks for it, or cancelled;
 * and the reads of PaymentIntents and their charges. Each call is one change of the ledger under its lock,
 * answered and published in Stripe's shapes.
 */
final class StripePaymentIntentLifecycle {
    private static final Set<String> CANCELLABLE =
            Set.of("requires_payment_method", "requires_confirmation", "requires_action", "processing",
                    "requires_capture");
    private static final Set<String> CONFIRMABLE =
            Set.of("requires_payment_method", "requires_confirmation", "requires_action");

    private final PaymentLedger<StripePaymentIntent> ledger;
    private final EventSink events;
    private final Supplier<String> baseUrl;

    /** @param baseUrl the simulator's base URL, for the customer's authentication page */
    StripePaymentIntentLifecycle(PaymentLedger<StripePaymentIntent> ledger, EventSink events,
                                 Supplier<String> baseUrl) {
        this.ledger = ledger;
        this.events = events;
        this.baseUrl = baseUrl;
    }

    ObjectNode create(FormParameters params, RequestContext cause) {
        synchronized (ledger) {
            long amount = requirePositiveAmount(params, "amount");
            String currency = requireCurrency(params);
            requireAutomaticCapture(params);
            String paymentMethod = params.get("payment_method");
            if (paymentMethod != null) {
                requireKnownCard(paymentMethod);
            }
            boolean confirm = params.getBoolean("confirm");
            requirePaymentMethodToConfirm(confirm, paymentMethod);

            StripePaymentIntent intent = new StripePaymentIntent(StripeIds.next("pi"), amount, currency,
                    params.get("description"), params.hash("metadata"), ledger.now(), cause.idempotencyKey());
            intent.paymentMethod = paymentMethod;
            intent.returnUrl = params.get("return_url");
            intent.automaticPaymentMethods = params.get("automatic_payment_methods[enabled]") != null
                    && params.getBoolean("automatic_payment_methods[enabled]");
            List<String> types = params.array("payment_method_types");
            intent.paymentMethodTypes = types.isEmpty() ? List.of("card") : types;
            intent.status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
            ledger.add(intent);
            events.publish("payment_intent.created", StripeJson.paymentIntent(intent), null, cause);

            if (confirm) {
                attemptPayment(intent, cause);
            }
            return StripeJson.paymentIntent(intent);
        }
    }

    /** @param expand the fields to expand; {@code latest_charge} is the one supported */
    ObjectNode retrieve(String id, List<String> expand) {
        synchronized (ledger) {
            StripePaymentIntent intent = intent(id, "intent");
            ObjectNode json = StripeJson.paymentIntent(intent);
            if (expand.contains("latest_charge") && intent.latestCharge != null) {
                json.set("latest_charge", StripeJson.charge(ledger.charge(intent.latestCharge).orElseThrow()));
            }
            return json;
        }
    }

    ObjectNode confirm(String id, FormParameters params, RequestContext cause) {
        synchronized (ledger) {
            StripePaymentIntent intent = intent(id, "intent");
            if (!CONFIRMABLE.contains(intent.status)) {
                throw unexpectedState(intent,
                        "You cannot confirm this PaymentIntent because it has a status of " + intent.status + ".");
            }
            String paymentMethod = params.get("payment_method");
            if (paymentMethod != null) {
                requireKnownCard(paymentMethod);
                intent.paymentMethod = paymentMethod;
            }
            if (intent.paymentMethod == null) {
                throw unexpectedState(intent, "You cannot confirm this PaymentIntent because it's missing a "
                        + "payment method. To confirm the PaymentIntent with cus_, specify a payment method attached to "
                        + "this customer along with the customer ID.");
            }
            if (params.get("return_url") != null) {
                intent.returnUrl = params.get("return_url");
            }
            attemptPayment(intent, cause);
            return StripeJson.paymentIntent(intent);
        }
    }

    ObjectNode cancel(String id, FormParameters params, RequestContext cause) {
        synchronized (ledger) {
            StripePaymentIntent intent = intent(id, "intent");
            String reason = optionalCancellationReason(params);
            if (!CANCELLABLE.contains(intent.status)) {
                throw unexpectedState(intent, "You cannot cancel this PaymentIntent because it has a status of "
                        + intent.status + ". Only a PaymentIntent with one of the following statuses may be canceled: "
                        + "requires_payment_method, requires_capture, requires_confirmation, requires_action, "
                        + "processing.");
            }
            intent.status = "canceled";
            intent.canceledAt = ledger.now();
            intent.cancellationReason = reason;
            intent.nextAction = null;
            events.publish("payment_intent.canceled", StripeJson.paymentIntent(intent), null, cause);
            return StripeJson.paymentIntent(intent);
        }
    }

    /** Completes the customer's authentication of a {@code requires_action} PaymentIntent: it succeeds. */
    ObjectNode completeAuthentication(String id) {
        synchronized (ledger) {
            StripePaymentIntent intent = awaitingAction(id);
            intent.nextAction = null;
            succeed(intent, RequestContext.AUTOMATIC);
            return StripeJson.paymentIntent(intent);
        }
    }

    /** Fails the customer's authentication of a {@code requires_action} PaymentIntent, as Stripe does. */
    ObjectNode failAuthentication(String id) {
        synchronized (ledger) {
            StripePaymentIntent intent = awaitingAction(id);
            intent.nextAction = null;
            intent.lastPaymentError = StripeJson.authenticationFailed(intent.paymentMethod);
            intent.paymentMethod = null;
            intent.status = "requires_payment_method";
            events.publish("payment_intent.payment_failed", StripeJson.paymentIntent(intent), null,
                    RequestContext.AUTOMATIC);
            return StripeJson.paymentIntent(intent);
        }
    }

    /**
     * {@code GET /v1/payment_intents/search}: the PaymentIntents whose metadata match {@code query}, newest first, as
     * a {@code search_result} of at most {@code limit} (1-100, default 10); {@code page} is the {@code next_page}
     * cursor of the previous result.
     */
    ObjectNode search(FormParameters params) {
        StripeSearchQuery query = StripeSearchQuery.parse(params.get("query"));
        Long limitParam = params.getLong("limit");
        int limit = limitParam == null ? 10 : limitParam.intValue();
        if (limitParam != null && (limitParam < 1 || limitParam > 100)) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer",
                    "This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
        }
        int offset = pageOffset(params.get("page"));
        List<ObjectNode> matches = new ArrayList<>();
        synchronized (ledger) {
            for (StripePaymentIntent intent : ledger.paymentsAs(Function.identity())) {
                if (query.matches(intent.metadata)) {
                    matches.add(0, StripeJson.paymentIntent(intent));
                }
            }
        }
        List<ObjectNode> page = matches.subList(Math.min(offset, matches.size()), Math.min(offset + limit, matches.size()));
        boolean hasMore = offset + limit < matches.size();
        return StripeJson.searchResult("/v1/payment_intents/search", page, hasMore ? PAGE_PREFIX + (offset + limit) : null);
    }

    private static final String PAGE_PREFIX = "page_";

    private static int pageOffset(String page) {
        if (page == null) {
            return 0;
        }
        try {
            if (page.startsWith(PAGE_PREFIX)) {
                return Math.max(0, Integer.parseInt(page.substring(PAGE_PREFIX.length())));
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw StripeApiException.invalidRequest(null, "Invalid page: " + page, "page");
    }

    ObjectNode retrieveCharge(String id) {
        synchronized (ledger) {
            return StripeJson.charge(ledger.charge(id)
                    .orElseThrow(() -> StripeApiException.notFound("charge", id, "id")));
        }
    }

    private StripePaymentIntent awaitingAction(String id) {
        StripePaymentIntent intent = intent(id, "intent");
        if (!intent.status.equals("requires_action")) {
            throw unexpectedState(intent,
                    "This PaymentIntent is not awaiting authentication: its status is " + intent.status + ".");
        }
        return intent;
    }

    private void attemptPayment(StripePaymentIntent intent, RequestContext cause) {
        TestCard card = requireKnownCard(intent.paymentMethod);
        intent.lastPaymentError = null;
        switch (card.outcome()) {
            case SUCCEEDS, SUCCEEDS_BUT_REFUNDS_FAIL -> succeed(intent, cause);
            case REQUIRES_ACTION -> {
                intent.status = "requires_action";
                intent.nextAction = StripeJson.redirectToUrl(
                        baseUrl.get() + "/_simulator/payment_intents/" + intent.id + "/authenticate", intent.returnUrl);
                events.publish("payment_intent.requires_action", StripeJson.paymentIntent(intent), null, cause);
            }
            case DECLINED -> decline(intent, card, cause);
        }
    }

    private void succeed(StripePaymentIntent intent, RequestContext cause) {
        PaymentLedger.Charge charge = newCharge(intent, "succeeded");
        intent.latestCharge = charge.id;
        intent.amountReceived = intent.amount;
        intent.status = "succeeded";
        intent.lastPaymentError = null;
        events.publish("charge.succeeded", StripeJson.charge(charge), null, cause);
        events.publish("payment_intent.succeeded", StripeJson.paymentIntent(intent), null, cause);
    }

    private void decline(StripePaymentIntent intent, TestCard card, RequestContext cause) {
        PaymentLedger.Charge charge = newCharge(intent, "failed");
        charge.failureCode = card.errorCode();
        charge.failureMessage = card.declineMessage();
        charge.declineCode = card.declineCode();
        intent.lastPaymentError = StripeJson.cardDeclined(card, charge.id, intent.paymentMethod);
        intent.latestCharge = charge.id;
        intent.paymentMethod = null;
        intent.status = "requires_payment_method";
        events.publish("charge.failed", StripeJson.charge(charge), null, cause);
        events.publish("payment_intent.payment_failed", StripeJson.paymentIntent(intent), null, cause);
        throw StripeApiException.cardDeclined(card.errorCode(), card.declineCode(), card.declineMessage())
                .with("charge", TextNode.valueOf(charge.id))
                .with("payment_intent", StripeJson.paymentIntent(intent))
                .with("payment_method", StripeJson.paymentMethod(card.token()));
    }

    private PaymentLedger.Charge newCharge(StripePaymentIntent intent, String status) {
        PaymentLedger.Charge charge = new PaymentLedger.Charge(StripeIds.next("ch"), intent, status, ledger.now());
        ledger.add(charge);
        return charge;
    }

    private StripePaymentIntent intent(String id, String param) {
        return ledger.payment(id).orElseThrow(() -> StripeApiException.notFound("payment_intent", id, param));
    }

    private static StripeApiException unexpectedState(StripePaymentIntent intent, String message) {
        return StripeApiException.invalidRequest("payment_intent_unexpected_state", message, null)
                .with("payment_intent", StripeJson.paymentIntent(intent));
    }
}
