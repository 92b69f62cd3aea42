package dev.checkout.local.payments;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeSearchResult;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official stripe-java client against the simulator: PaymentIntents, Refunds, errors, idempotency. */
@Tag("unit")
class StripeApiCompatibilityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private PaymentSimulator sim;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests());
        stripe = StripeClient.builder().setApiKey("sk_test_simulator").setApiBase(sim.baseUrl()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private PaymentIntent pay(String paymentMethod, long amount, String idempotencyKey) throws Exception {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(amount)
                .setCurrency("usd")
                .setPaymentMethod(paymentMethod)
                .setConfirm(true)
                .setDescription("order o-1")
                .putMetadata("order_id", "o-1")
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build())
                .build();
        return stripe.v1().paymentIntents().create(params,
                RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
    }

    @Test
    void apiVersion_defaultsToTheVersionStripeJavaPins() {
        assertEquals(Stripe.API_VERSION, PaymentSimulatorConfig.STRIPE_JAVA_API_VERSION);
        assertEquals(Stripe.API_VERSION, sim.apiVersion());
    }

    @Test
    void createAndConfirm_withVisa_succeedsSynchronously() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", 1999, "order-o-1");

        assertTrue(intent.getId().startsWith("pi_"));
        assertEquals("succeeded", intent.getStatus());
        assertEquals(1999L, intent.getAmount());
        assertEquals(1999L, intent.getAmountReceived());
        assertEquals("usd", intent.getCurrency());
        assertEquals("o-1", intent.getMetadata().get("order_id"));
        assertEquals("order o-1", intent.getDescription());
        assertEquals("pm_card_visa", intent.getPaymentMethod());
        assertTrue(intent.getLatestCharge().startsWith("ch_"));
        assertEquals("automatic", intent.getCaptureMethod());
        assertFalse(intent.getLivemode());
    }

    @Test
    void createAndConfirm_withMastercard_succeeds() throws Exception {
        assertEquals("succeeded", pay("pm_card_mastercard", 500, "k-mc").getStatus());
    }

    @Test
    void retrieve_returnsTheStoredIntent_withTheChargeExpandedOnRequest() throws Exception {
        PaymentIntent created = pay("pm_card_visa", 1999, "k-retrieve");

        PaymentIntent plain = stripe.v1().paymentIntents().retrieve(created.getId());
        PaymentIntent expanded = stripe.v1().paymentIntents().retrieve(created.getId(),
                PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());

        assertEquals("succeeded", plain.getStatus());
        assertEquals(created.getLatestCharge(), plain.getLatestCharge());
        Charge charge = expanded.getLatestChargeObject();
        assertNotNull(charge);
        assertEquals(created.getLatestCharge(), charge.getId());
        assertEquals("succeeded", charge.getStatus());
        assertEquals(1999L, charge.getAmount());
        assertEquals(0L, charge.getAmountRefunded());
    }

    @Test
    void retrieve_ofUnknownIntent_isResourceMissing() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().paymentIntents().retrieve("pi_unknown"));

        assertEquals(404, e.getStatusCode());
        assertEquals("resource_missing", e.getCode());
    }

    @Test
    void createWithoutConfirm_thenConfirm_succeeds() throws Exception {
        PaymentIntent created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("eur").build());
        assertEquals("requires_payment_method", created.getStatus());

        PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(created.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

        assertEquals("succeeded", confirmed.getStatus());
        assertEquals("eur", confirmed.getCurrency());
    }

    @Test
    void declinedCard_throwsCardException_withTheIntentInTheError() throws Exception {
        CardException e = assertThrows(CardException.class, () -> pay("pm_card_chargeDeclined", 1999, "k-decl"));

        assertEquals(402, e.getStatusCode());
        assertEquals("card_declined", e.getCode());
        assertEquals("generic_decline", e.getDeclineCode());
        assertTrue(e.getCharge().startsWith("ch_"));
        PaymentIntent intent = e.getStripeError().getPaymentIntent();
        assertEquals("requires_payment_method", intent.getStatus());
        assertEquals("card_declined", intent.getLastPaymentError().getCode());
        assertEquals("generic_decline", intent.getLastPaymentError().getDeclineCode());
        assertEquals("requires_payment_method",
                stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus());
        assertEquals(0, sim.chargeCount("k-decl").succeeded());
    }

    @Test
    void insufficientFunds_isDeclined_withItsDeclineCode() {
        CardException e = assertThrows(CardException.class, () -> pay("pm_card_insufficientFunds", 1999, "k-if"));

        assertEquals("card_declined", e.getCode());
        assertEquals("insufficient_funds", e.getDeclineCode());
    }

    @Test
    void unknownPaymentMethod_isResourceMissing() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> pay("pm_card_doesNotExist", 1999, "k-unknown"));

        assertEquals(400, e.getStatusCode());
        assertEquals("resource_missing", e.getCode());
        assertEquals("payment_method", e.getParam());
    }

    @Test
    void missingAmount_isParameterMissing() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                        .setCurrency("usd").build()));

        assertEquals("parameter_missing", e.getCode());
        assertEquals("amount", e.getParam());
    }

    @Test
    void apiKeyThatIsNotATestKey_isRejected() {
        StripeClient live = StripeClient.builder().setApiKey("sk_live_nope").setApiBase(sim.baseUrl()).build();

        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> live.v1().paymentIntents().retrieve("pi_x"));

        assertEquals(401, e.getStatusCode());
    }

    @Test
    void authenticationRequired_waitsForTheCustomer_thenSucceedsWhenConfirmed() throws Exception {
        PaymentIntent intent = pay("pm_card_authenticationRequired", 1999, "k-3ds");
        assertEquals("requires_action", intent.getStatus());
        assertEquals("redirect_to_url", intent.getNextAction().getType());
        assertNotNull(intent.getNextAction().getRedirectToUrl().getUrl());
        assertNull(intent.getLatestCharge());

        sim.completeAuthentication(intent.getId());

        PaymentIntent after = stripe.v1().paymentIntents().retrieve(intent.getId());
        assertEquals("succeeded", after.getStatus());
        assertNull(after.getNextAction());
        assertEquals(1, sim.chargeCount("k-3ds").succeeded());
    }

    @Test
    void authenticationRequired_canBeCancelled() throws Exception {
        PaymentIntent intent = pay("pm_card_authenticationRequired", 1999, "k-3ds-cancel");

        PaymentIntent cancelled = stripe.v1().paymentIntents().cancel(intent.getId(),
                PaymentIntentCancelParams.builder()
                        .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build());

        assertEquals("canceled", cancelled.getStatus());
        assertEquals("abandoned", cancelled.getCancellationReason());
        assertNotNull(cancelled.getCanceledAt());
        assertEquals(0, sim.chargeCount("k-3ds-cancel").charges());
    }

    @Test
    void authenticationFailure_returnsTheIntentToRequiresPaymentMethod() throws Exception {
        PaymentIntent intent = pay("pm_card_authenticationRequired", 1999, "k-3ds-fail");

        sim.failAuthentication(intent.getId());

        PaymentIntent after = stripe.v1().paymentIntents().retrieve(intent.getId());
        assertEquals("requires_payment_method", after.getStatus());
        assertEquals("payment_intent_authentication_failure", after.getLastPaymentError().getCode());
    }

    @Test
    void cancel_ofSucceededIntent_isUnexpectedState() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", 1999, "k-cancel-paid");

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().paymentIntents().cancel(intent.getId()));

        assertEquals("payment_intent_unexpected_state", e.getCode());
    }

    @Test
    void partialRefunds_thenRefundOfTheRest_settleAsSucceeded() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", 1999, "k-refunds");

        Refund first = stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intent.getId()).setAmount(500L)
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata("refund_id", "r-1").build());
        Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intent.getId()).build());

        assertTrue(first.getId().startsWith("re_"));
        assertEquals("pending", first.getStatus());
        assertEquals(500L, first.getAmount());
        assertEquals("requested_by_customer", first.getReason());
        assertEquals("r-1", first.getMetadata().get("refund_id"));
        assertEquals(intent.getId(), first.getPaymentIntent());
        assertEquals(intent.getLatestCharge(), first.getCharge());
        assertEquals(1499L, rest.getAmount());

        sim.awaitQuiet(WAIT);
        assertEquals("succeeded", stripe.v1().refunds().retrieve(first.getId()).getStatus());
        assertEquals("succeeded", stripe.v1().refunds().retrieve(rest.getId()).getStatus());
        Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
        assertEquals(1999L, charge.getAmountRefunded());
        assertTrue(charge.getRefunded());
    }

    @Test
    void refundBeyondWhatRemains_isAmountTooLarge() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", 1999, "k-over");
        stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intent.getId()).setAmount(1500L).build());

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().refunds().create(RefundCreateParams.builder()
                        .setPaymentIntent(intent.getId()).setAmount(500L).build()));

        assertEquals(400, e.getStatusCode());
        assertEquals("amount_too_large", e.getCode());
        assertEquals("amount", e.getParam());
    }

    @Test
    void refundOfFullyRefundedCharge_isChargeAlreadyRefunded() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", 1999, "k-twice");
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).build());

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().refunds().create(RefundCreateParams.builder()
                        .setPaymentIntent(intent.getId()).build()));

        assertEquals("charge_already_refunded", e.getCode());
    }

    @Test
    void refundOfRefundFailCard_endsFailed_andGivesTheAmountBack() throws Exception {
        PaymentIntent intent = pay("pm_card_refundFail", 1999, "k-refund-fail");
        assertEquals("succeeded", intent.getStatus());

        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intent.getId()).build());
        assertEquals("pending", refund.getStatus());
        sim.awaitQuiet(WAIT);

        Refund settled = stripe.v1().refunds().retrieve(refund.getId());
        assertEquals("failed", settled.getStatus());
        assertNotNull(settled.getFailureReason());
        assertEquals(0L, stripe.v1().charges().retrieve(intent.getLatestCharge()).getAmountRefunded());
    }

    @Test
    void refundOfUnpaidIntent_isRejected() throws Exception {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd").build());

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().refunds().create(RefundCreateParams.builder()
                        .setPaymentIntent(intent.getId()).build()));

        assertEquals(400, e.getStatusCode());
    }

    @Test
    void sameIdempotencyKeyAndParameters_replaysTheFirstResponse() throws Exception {
        PaymentIntent first = pay("pm_card_visa", 1999, "order-o-7");
        PaymentIntent second = pay("pm_card_visa", 1999, "order-o-7");

        assertEquals(first.getId(), second.getId());
        assertEquals("true", second.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(1, sim.paymentIntents().size());
        assertEquals(1, sim.chargeCount("order-o-7").succeeded());
    }

    @Test
    void sameIdempotencyKeyWithOtherParameters_isIdempotencyError() throws Exception {
        pay("pm_card_visa", 1999, "order-o-8");

        IdempotencyException e = assertThrows(IdempotencyException.class,
                () -> pay("pm_card_visa", 2999, "order-o-8"));

        assertEquals(400, e.getStatusCode());
        assertEquals(1, sim.paymentIntents().size());
    }

    @Test
    void declineIsReplayedToo_underTheSameKey() {
        CardException first = assertThrows(CardException.class, () -> pay("pm_card_chargeDeclined", 1999, "k-d2"));
        CardException second = assertThrows(CardException.class, () -> pay("pm_card_chargeDeclined", 1999, "k-d2"));

        assertEquals(first.getStripeError().getPaymentIntent().getId(),
                second.getStripeError().getPaymentIntent().getId());
        assertEquals(1, sim.chargeCount("k-d2").charges());
    }

    @Test
    void requestRejectedByValidation_isNotSaved_soTheSameKeyCanBeRetriedCorrected() throws Exception {
        assertThrows(InvalidRequestException.class, () -> pay("pm_card_doesNotExist", 1999, "order-o-9"));

        PaymentIntent corrected = pay("pm_card_visa", 1999, "order-o-9");

        assertEquals("succeeded", corrected.getStatus());
    }

    @Test
    void idempotencyKeys_areScopedPerApiKey() throws Exception {
        StripeClient other = StripeClient.builder().setApiKey("sk_test_other").setApiBase(sim.baseUrl()).build();
        PaymentIntent mine = pay("pm_card_visa", 1999, "shared-key");

        PaymentIntent theirs = other.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                        .setAmount(1999L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build(),
                RequestOptions.builder().setIdempotencyKey("shared-key").build());

        assertNotEquals(mine.getId(), theirs.getId());
    }

    @Test
    void postsWithoutAnExplicitKey_stillCarryOneFromStripeJava() throws Exception {
        stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd").build());

        assertNotNull(sim.paymentIntents().get(0).idempotencyKey());
    }

    @Test
    void search_byMetadata_answersTheMatchingIntents_asASearchResult() throws Exception {
        PaymentIntent wanted = payFor("pay_A", "pm_card_visa");
        payFor("pay_B", "pm_card_visa");

        StripeSearchResult<PaymentIntent> found = stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
                .setQuery("metadata['paymentId']:'pay_A'").build());
        StripeSearchResult<PaymentIntent> none = stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
                .setQuery("metadata[\"paymentId\"]:\"pay_never\"").build());

        assertEquals("search_result", found.getObject());
        assertEquals("/v1/payment_intents/search", found.getUrl());
        assertEquals(1, found.getData().size());
        assertEquals(wanted.getId(), found.getData().get(0).getId());
        assertEquals("succeeded", found.getData().get(0).getStatus());
        assertFalse(found.getHasMore());
        assertNull(found.getNextPage());
        assertTrue(none.getData().isEmpty());
    }

    @Test
    void search_pagesThroughMatchesNewestFirst_withLimitAndNextPage() throws Exception {
        PaymentIntent first = payFor("pay_P", "pm_card_visa");
        PaymentIntent second = payFor("pay_P", "pm_card_authenticationRequired");
        PaymentIntentSearchParams query = PaymentIntentSearchParams.builder().setQuery("metadata['paymentId']:'pay_P'").setLimit(1L).build();

        StripeSearchResult<PaymentIntent> page1 = stripe.v1().paymentIntents().search(query);
        StripeSearchResult<PaymentIntent> page2 = stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder()
                .setQuery("metadata['paymentId']:'pay_P'").setLimit(1L).setPage(page1.getNextPage()).build());

        assertEquals(second.getId(), page1.getData().get(0).getId());
        assertTrue(page1.getHasMore());
        assertNotNull(page1.getNextPage());
        assertEquals(first.getId(), page2.getData().get(0).getId());
        assertFalse(page2.getHasMore());
    }

    @Test
    void search_withAQueryItCannotParse_isAnInvalidRequestOnQuery() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().paymentIntents().search(PaymentIntentSearchParams.builder().setQuery("paymentId=pay_A").build()));

        assertEquals(400, e.getStatusCode());
        assertEquals("invalid_request_error", e.getStripeError().getType());
        assertEquals("query", e.getParam());
    }

    private PaymentIntent payFor(String paymentId, String paymentMethod) throws Exception {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1999L).setCurrency("usd").setPaymentMethod(paymentMethod).setConfirm(true)
                .setReturnUrl("https://shop.example/back")
                .putMetadata("paymentId", paymentId).build());
    }
}
