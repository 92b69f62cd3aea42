package dev.checkout.aws.payment;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import dev.checkout.domain.Money;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.PaymentProvider;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stripe through the official stripe-java client: PaymentIntents created and confirmed in one call,
 * Refunds against them. The payment id (refund id) is the idempotency key and is stored in the
 * metadata with the order id, so every Stripe object names its checkout record.
 *
 * <p>Errors: a card error, or a request Stripe refuses for this payment method, is a decline; network
 * failures, 5xx, 429 and refused credentials are {@link PaymentProviderUnavailableException}. After a
 * network failure the outcome is unknown, so the call is sent once more under the same idempotency
 * key: Stripe answers with the original result if the first request was processed.
 */
public final class StripePaymentProvider implements PaymentProvider {
    public static final String NAME = "stripe";
    private static final System.Logger LOG = System.getLogger(StripePaymentProvider.class.getName());

    private final StripeClient client;
    private final String returnUrl;

    /**
     * @param returnUrl where Stripe sends the customer back after authenticating (3-D Secure); null lets the client
     *     take them through it with Stripe.js instead
     */
    public StripePaymentProvider(StripeClient client, String returnUrl) {
        this.client = client;
        this.returnUrl = returnUrl;
    }

    public StripePaymentProvider(StripeClient client) {
        this(client, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderPayment charge(ChargeRequest request) {
        var builder = PaymentIntentCreateParams.builder()
                .setAmount(request.amount().amount())
                .setCurrency(request.amount().currency().toLowerCase(Locale.ROOT))
                .setPaymentMethod(PaymentMethod.parse(request.paymentMethod()).token())
                .addPaymentMethodType("card")
                .setConfirm(true)
                .putMetadata("orderId", request.orderId().value())
                .putMetadata("paymentId", request.paymentId().value());
        if (returnUrl != null) {
            builder.setReturnUrl(returnUrl);
        }
        var params = builder.build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.paymentId().value()).build();
        PaymentIntent intent = call("create payment " + request.paymentId(), true,
                () -> client.v1().paymentIntents().create(params, options));
        ProviderPayment payment = payment(intent);
        if (payment.status() == Status.FAILED) {
            throw new PaymentDeclinedException("the payment was declined", payment.failureCode(), payment.reference(), null);
        }
        return payment;
    }

    @Override
    public Optional<ProviderPayment> findPayment(String reference) {
        return find(() -> payment(client.v1().paymentIntents().retrieve(reference)), "payment " + reference);
    }

    /**
     * Searches the PaymentIntents by {@code metadata['paymentId']} (Stripe's Search API). Stripe's search
     * results lag writes: a PaymentIntent is usually searchable within a minute, later during an outage,
     * and search is not offered in some regions (India): empty is not proof that nothing was taken. The
     * idempotency key allows one match; should there be more, a succeeded one is reported (and logged).
     */
    @Override
    public Optional<ProviderPayment> findByPaymentId(PaymentId paymentId) {
        var params = PaymentIntentSearchParams.builder()
                .setQuery("metadata['paymentId']:'" + paymentId.value() + "'")
                .build();
        List<PaymentIntent> found = call("search payment " + paymentId, false, () -> {
            try {
                return client.v1().paymentIntents().search(params);
            } catch (InvalidRequestException e) {
                // the query is ours: a refused one is a defect (or search is not offered to this account), not a decline
                throw new IllegalStateException("Stripe refused to search payment " + paymentId + " (" + describe(e) + "): "
                        + (e.getStripeError() != null ? e.getStripeError().getMessage() : e.getCode()));
            }
        }).getData();
        if (found.size() > 1) {
            LOG.log(System.Logger.Level.WARNING, "Stripe holds {0} PaymentIntents for payment {1}: {2}", found.size(), paymentId,
                    found.stream().map(PaymentIntent::getId).toList());
        }
        List<ProviderPayment> payments = found.stream().map(StripePaymentProvider::payment).toList();
        return payments.stream().filter(p -> p.status() == Status.SUCCEEDED).findFirst().or(() -> payments.stream().findFirst());
    }

    @Override
    public ProviderPayment cancel(String reference) {
        try {
            return payment(call("cancel payment " + reference, true, () -> client.v1().paymentIntents().cancel(reference)));
        } catch (StateConflictException notCancellable) {
            // Stripe refuses to cancel a payment that succeeded (or was cancelled): report what it is.
            return findPayment(reference).orElseThrow(() -> notCancellable);
        }
    }

    @Override
    public ProviderRefund refund(RefundRequest request) {
        var params = RefundCreateParams.builder()
                .setPaymentIntent(request.paymentReference())
                .setAmount(request.amount().amount())
                .putMetadata("orderId", request.orderId().value())
                .putMetadata("paymentId", request.paymentId().value())
                .putMetadata("refundId", request.refundId().value())
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.refundId().value()).build();
        return refund(call("refund " + request.refundId(), false, () -> client.v1().refunds().create(params, options)));
    }

    @Override
    public Optional<ProviderRefund> findRefund(String reference) {
        return find(() -> refund(client.v1().refunds().retrieve(reference)), "refund " + reference);
    }

    static ProviderPayment payment(PaymentIntent intent) {
        Money amount = intent.getAmount() == null || intent.getCurrency() == null ? null
                : Money.of(intent.getAmount(), intent.getCurrency().toUpperCase(Locale.ROOT));
        Status status = switch (String.valueOf(intent.getStatus())) {
            case "succeeded" -> Status.SUCCEEDED;
            case "canceled" -> Status.CANCELED;
            // after a failed attempt Stripe waits for another payment method; in a checkout that is a decline
            case "requires_payment_method" -> Status.FAILED;
            default -> Status.PENDING;
        };
        String code = null;
        StripeError error = intent.getLastPaymentError();
        if (status == Status.FAILED && error != null) {
            code = error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode();
        }
        return new ProviderPayment(intent.getId(), status, amount, code, status == Status.PENDING ? nextAction(intent) : null);
    }

    /** What the customer must do: follow Stripe's redirect, or (without a return URL) let Stripe.js handle it. */
    private static NextAction nextAction(PaymentIntent intent) {
        var next = intent.getNextAction();
        if (next == null) {
            return null;
        }
        if (next.getRedirectToUrl() != null && next.getRedirectToUrl().getUrl() != null) {
            return NextAction.redirect(next.getRedirectToUrl().getUrl(), intent.getClientSecret());
        }
        return intent.getClientSecret() == null ? null : NextAction.clientSdk(intent.getClientSecret());
    }

    static ProviderRefund refund(com.stripe.model.Refund refund) {
        Money amount = refund.getAmount() == null || refund.getCurrency() == null ? null
                : Money.of(refund.getAmount(), refund.getCurrency().toUpperCase(Locale.ROOT));
        Status status = switch (String.valueOf(refund.getStatus())) {
            case "succeeded" -> Status.SUCCEEDED;
            case "failed" -> Status.FAILED;
            case "canceled" -> Status.CANCELED;
            default -> Status.PENDING;
        };
        return new ProviderRefund(refund.getId(), status, amount, refund.getFailureReason());
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    /**
     * A lookup: empty only when Stripe answers 404 (it has no such object). Any other refusal is not "no
     * such payment": the ids looked up are ones Stripe gave, so a refused lookup is a defect and fails as one.
     */
    private static <T> Optional<T> find(StripeCall<T> lookup, String what) {
        return Optional.ofNullable(call("look up " + what, false, () -> {
            try {
                return lookup.run();
            } catch (InvalidRequestException e) {
                if (Integer.valueOf(404).equals(e.getStatusCode())) {
                    return null;
                }
                throw new IllegalStateException("Stripe refused to look up " + what + " (" + describe(e) + "): "
                        + (e.getStripeError() != null ? e.getStripeError().getMessage() : e.getCode()));
            }
        }));
    }

    /**
     * Runs a Stripe call and translates its errors. {@code paymentCall} says whether a refused request
     * declines a payment (as opposed to refusing a refund or lookup).
     */
    private static <T> T call(String what, boolean paymentCall, StripeCall<T> call) {
        try {
            try {
                return call.run();
            } catch (ApiConnectionException unknownOutcome) {
                // The request may or may not have reached Stripe: ask again under the same idempotency key.
                return call.run();
            }
        } catch (CardException e) {
            String paymentIntent = e.getStripeError() != null && e.getStripeError().getPaymentIntent() != null
                    ? e.getStripeError().getPaymentIntent().getId() : null;
            throw new PaymentDeclinedException("the card was declined: " + e.getStripeError().getMessage(),
                    e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode(), paymentIntent, null);
        } catch (IdempotencyException e) {
            throw new StateConflictException("Stripe refused to " + what + ": the idempotency key was used with other parameters");
        } catch (InvalidRequestException e) {
            String message = e.getStripeError() != null ? e.getStripeError().getMessage() : e.getCode();
            if (Integer.valueOf(404).equals(e.getStatusCode()) && !paymentCall) {
                throw new StateConflictException("Stripe does not know what " + what + " asked for: " + message);
            }
            if ("payment_intent_unexpected_state".equals(e.getCode())) {
                throw new StateConflictException("Stripe refused to " + what + ": " + message);
            }
            throw new PaymentDeclinedException("Stripe refused to " + what + ": " + message, e.getCode(), null, null);
        } catch (RateLimitException | ApiException | ApiConnectionException e) {
            throw new PaymentProviderUnavailableException("Stripe could not " + what + " (" + describe(e) + ")");
        } catch (AuthenticationException e) {
            throw new PaymentProviderUnavailableException("Stripe refused the API key to " + what + " (" + describe(e) + ")");
        } catch (StripeException e) {
            throw new PaymentProviderUnavailableException("Stripe failed to " + what + " (" + describe(e) + ")");
        }
    }

    /** Class, status and request id: never the request, which may name the customer's payment method. */
    private static String describe(StripeException e) {
        return e.getClass().getSimpleName() + (e.getStatusCode() != null ? " " + e.getStatusCode() : "")
                + (e.getRequestId() != null ? ", request " + e.getRequestId() : "");
    }
}
