package dev.checkout.aws.payment.alipay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Money;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.Ulid;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.RsaKeys;
import dev.checkout.local.payments.alipay.AlipaySimulator;
import dev.checkout.local.payments.alipay.AlipaySimulatorConfig;
import dev.checkout.local.payments.alipay.SimulatedAlipayTrade;
import dev.checkout.port.PaymentProvider.ChargeRequest;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.PaymentProvider.RefundRequest;
import dev.checkout.port.PaymentProvider.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link AlipayPaymentProvider} and {@link AlipayPaymentEventReader} against the Alipay simulator over HTTP on 127.0.0.1. */
@Tag("integration")
class AlipayPaymentProviderSimulatorTest {
    private static final Money AMOUNT = Money.of(1990, "CNY");
    private static AlipaySimulator alipay;
    private static AlipayNotifyReceiver receiver;
    private static volatile AlipayConfig config;
    private static AlipayPaymentProvider provider;
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws IOException {
        alipay = AlipaySimulator.start(AlipaySimulatorConfig.forTests());
        receiver = new AlipayNotifyReceiver(new AlipayPaymentEventReader(() -> config));
        config = AlipayConfig.of(alipay.appId(), alipay.sellerId(), URI.create(alipay.gatewayUrl()), receiver.url(),
                URI.create("https://shop.example/paid"), alipay.appPrivateKeyBase64(), alipay.alipayPublicKeyPem())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(1500));
        provider = new AlipayPaymentProvider(config);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        alipay.close();
    }

    @AfterEach
    void reset() {
        alipay.reset();
        receiver.clear();
    }

    private static ChargeRequest charge(String method) {
        OrderId order = OrderId.of("ord_" + Ulid.next(java.time.Instant.now()));
        return new ChargeRequest(PaymentId.of(order, 1), order, AMOUNT, method);
    }

    private static RefundRequest refund(ChargeRequest charge, long fen) {
        return new RefundRequest(RefundId.of("rfd_" + Ulid.next(java.time.Instant.now())), charge.orderId(), charge.paymentId(), charge.paymentId().value(),
                Money.of(fen, "CNY"));
    }

    private static String paid(ChargeRequest request) {
        provider.charge(request);
        alipay.pay(request.paymentId().value());
        return request.paymentId().value();
    }

    /** The simulator's delivery log once it records a delivered attempt (the receiver may have answered a moment before). */
    private static List<DeliveryAttempt> awaitDelivered() {
        await().atMost(Duration.ofSeconds(20)).until(() -> alipay.deliveries().stream().anyMatch(a -> a.outcome() == DeliveryOutcome.DELIVERED));
        return alipay.deliveries();
    }

    private static List<PaymentEvent> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.events().size() >= count);
        return receiver.events();
    }

    @Test
    void qrCharge_isPendingWithTheQrCode_andTheTradeIsUnknownToQueriesUntilScanned() {
        ChargeRequest request = charge("alipay:qr");

        ProviderPayment payment = provider.charge(request);

        assertEquals(Status.PENDING, payment.status());
        assertEquals(request.paymentId().value(), payment.reference());
        assertEquals(NextAction.Type.QR_CODE, payment.nextAction().type());
        assertTrue(payment.nextAction().qrCode().startsWith(alipay.baseUrl() + "/qr/"), payment.nextAction().qrCode());
        assertEquals(new ProviderPayment(payment.reference(), Status.PENDING, null, null), provider.findPayment(payment.reference()).orElseThrow());
        SimulatedAlipayTrade trade = alipay.trade(payment.reference()).orElseThrow();
        assertEquals(1990, trade.totalAmount());
        assertEquals("Order " + request.orderId().value(), trade.subject());
        assertEquals(receiver.url().toString(), trade.notifyUrl());
    }

    @Test
    void findByPaymentId_findsTheTradeMadeUnderIt_andIsEmptyForAnIdNeverCharged_orACodeNobodyScanned() {
        ChargeRequest request = charge("alipay:qr");
        String reference = paid(request);
        ChargeRequest unscanned = charge("alipay:qr");
        provider.charge(unscanned);

        ProviderPayment found = provider.findByPaymentId(request.paymentId()).orElseThrow();
        assertEquals(reference, found.reference());
        assertEquals(Status.SUCCEEDED, found.status());
        assertEquals(AMOUNT, found.amount());
        assertTrue(provider.findByPaymentId(charge("alipay:qr").paymentId()).isEmpty());
        assertTrue(provider.findByPaymentId(unscanned.paymentId()).isEmpty());
    }

    @Test
    void customerPays_theVerifiedNotificationSaysSucceeded_andTheQuerySaysSo() {
        ChargeRequest request = charge("alipay:qr");
        String qrCode = provider.charge(request).nextAction().qrCode();

        alipay.pay(qrCode);

        PaymentEvent event = awaitEvents(1).get(0);
        assertEquals(Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals(AMOUNT, event.amount());
        assertEquals(request.paymentId().value(), event.reference());
        assertEquals(request.paymentId().value(), event.paymentId());
        assertEquals(request.orderId().value(), event.orderId());
        assertEquals(alipay.notifications().get(0).notifyId(), event.eventId());
        assertEquals(new ProviderPayment(event.reference(), Status.SUCCEEDED, AMOUNT, null),
                provider.findPayment(event.reference()).orElseThrow());
    }

    @Test
    void chargeAgain_answersTheSameQrCodeWhileUnpaid_succeededWhenPaid_canceledWhenClosed() {
        ChargeRequest request = charge("alipay:qr");
        ProviderPayment first = provider.charge(request);

        assertEquals(first.nextAction(), provider.charge(request).nextAction());
        alipay.pay(request.paymentId().value());
        assertEquals(new ProviderPayment(first.reference(), Status.SUCCEEDED, AMOUNT, null), provider.charge(request));

        ChargeRequest declined = charge("alipay:qr");
        provider.charge(declined);
        alipay.decline(declined.paymentId().value());
        assertEquals(Status.CANCELED, provider.charge(declined).status());
        assertEquals(2, alipay.trades().size());
    }

    @Test
    void chargeAgainWithAnotherAmount_isRefusedByAlipay() {
        ChargeRequest request = charge("alipay:qr");
        provider.charge(request);

        var refused = assertThrows(PaymentDeclinedException.class, () -> provider.charge(
                new ChargeRequest(request.paymentId(), request.orderId(), Money.of(1000, "CNY"), "alipay:qr")));
        assertEquals("ACQ.CONTEXT_INCONSISTENT", refused.declineCode());
    }

    @Test
    void customerDeclines_theNotificationSaysCanceled() {
        ChargeRequest request = charge("alipay:qr");
        provider.charge(request);

        alipay.decline(request.paymentId().value());

        assertEquals(Kind.PAYMENT_CANCELED, awaitEvents(1).get(0).kind());
        assertEquals(Status.CANCELED, provider.findPayment(request.paymentId().value()).orElseThrow().status());
    }

    @Test
    void cancel_closesAScannedTrade_andAPaidOneSaysSucceeded() {
        ChargeRequest waiting = charge("alipay:qr");
        provider.charge(waiting);
        alipay.scan(waiting.paymentId().value());
        ChargeRequest paid = charge("alipay:qr");
        String paidReference = paid(paid);

        assertEquals(Status.CANCELED, provider.cancel(waiting.paymentId().value()).status());
        assertEquals("TRADE_CLOSED", alipay.trade(waiting.paymentId().value()).orElseThrow().status());
        assertEquals(new ProviderPayment(paidReference, Status.SUCCEEDED, AMOUNT, null), provider.cancel(paidReference));
        assertEquals(Status.CANCELED, provider.cancel(waiting.paymentId().value()).status());
    }

    @Test
    void cancel_ofAnUnscannedQrCode_isCanceledAsFarAsAlipayKnows() {
        ChargeRequest request = charge("alipay:qr");
        provider.charge(request);

        assertEquals(Status.CANCELED, provider.cancel(request.paymentId().value()).status());
    }

    @Test
    void partialAndRepeatedRefunds_moveMoneyOnce_andTheRefundQueryStatesEach() {
        ChargeRequest request = charge("alipay:qr");
        String reference = paid(request);
        RefundRequest first = refund(request, 500);
        RefundRequest rest = refund(request, 1490);

        ProviderRefund firstRefund = provider.refund(first);
        ProviderRefund repeated = provider.refund(first);
        ProviderRefund restRefund = provider.refund(rest);

        assertEquals(new ProviderRefund(reference + "/" + first.refundId().value(), Status.SUCCEEDED, Money.of(500, "CNY"), null), firstRefund);
        assertEquals(firstRefund, repeated);
        assertEquals(Status.SUCCEEDED, restRefund.status());
        SimulatedAlipayTrade trade = alipay.trade(reference).orElseThrow();
        assertEquals(1990, trade.refundedAmount());
        assertEquals(2, trade.refunds().size());
        assertEquals("TRADE_CLOSED", trade.status());
        assertEquals(firstRefund, provider.findRefund(firstRefund.reference()).orElseThrow());
        assertEquals(Money.of(1490, "CNY"), provider.findRefund(restRefund.reference()).orElseThrow().amount());
        // closed after a full refund, the payment itself still succeeded
        assertEquals(Status.SUCCEEDED, provider.findPayment(reference).orElseThrow().status());
    }

    @Test
    void refundNotifications_areVerifiedAndIgnored() {
        ChargeRequest request = charge("alipay:qr");
        paid(request);
        awaitEvents(1);

        provider.refund(refund(request, 500));
        provider.refund(refund(request, 1490));

        List<PaymentEvent> events = awaitEvents(3);
        assertEquals(List.of(Kind.PAYMENT_SUCCEEDED, Kind.IGNORED, Kind.IGNORED), events.stream().map(PaymentEvent::kind).toList());
        assertEquals("refund.TRADE_CLOSED", events.get(2).providerType());
    }

    @Test
    void refundAboveWhatIsLeft_isAFailedRefundWithAlipaysReason() {
        ChargeRequest request = charge("alipay:qr");
        paid(request);
        provider.refund(refund(request, 1500));

        ProviderRefund tooMuch = provider.refund(refund(request, 500));

        assertEquals(Status.FAILED, tooMuch.status());
        assertEquals("ACQ.REASON_TRADE_REFUND_FEE_ERR", tooMuch.failureReason());
    }

    @Test
    void refundOfAnUnpaidTrade_isAFailedRefund() {
        ChargeRequest request = charge("alipay:qr");
        provider.charge(request);
        alipay.scan(request.paymentId().value());

        assertEquals("ACQ.TRADE_STATUS_ERROR", provider.refund(refund(request, 500)).failureReason());
    }

    @Test
    void refundNumberReusedWithAnotherAmount_isAStateConflict() {
        ChargeRequest request = charge("alipay:qr");
        paid(request);
        RefundRequest first = refund(request, 500);
        provider.refund(first);

        assertThrows(StateConflictException.class, () -> provider.refund(new RefundRequest(first.refundId(), first.orderId(),
                first.paymentId(), first.paymentReference(), Money.of(600, "CNY"))));
    }

    @Test
    void findRefund_ofARefundAlipayNeverMade_isEmpty() {
        ChargeRequest request = charge("alipay:qr");
        String reference = paid(request);

        assertTrue(provider.findRefund(reference + "/rfd_" + Ulid.next(java.time.Instant.now())).isEmpty());
    }

    @Test
    void refundAnsweredWithA502AfterItWasMade_isFoundByTheRefundQuery() {
        ChargeRequest request = charge("alipay:qr");
        String reference = paid(request);
        alipay.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING, "alipay.trade.refund");

        ProviderRefund result = provider.refund(refund(request, 500));

        assertEquals(Status.SUCCEEDED, result.status());
        assertEquals(Money.of(500, "CNY"), result.amount());
        assertEquals(1, alipay.trade(reference).orElseThrow().refunds().size());
    }

    @Test
    void refundThatTimedOutBeforeAlipayActed_isSentAgainAndMadeOnce() {
        ChargeRequest request = charge("alipay:qr");
        String reference = paid(request);
        alipay.faults().timeouts(1, FaultPhase.BEFORE_PROCESSING, "alipay.trade.refund");

        ProviderRefund result = provider.refund(refund(request, 500));

        assertEquals(Status.SUCCEEDED, result.status());
        assertEquals(1, alipay.trade(reference).orElseThrow().refunds().size());
    }

    @Test
    void refundAnsweredSystemErrorAfterItWasMade_isFoundByTheRefundQuery() {
        ChargeRequest request = charge("alipay:qr");
        String reference = paid(request);
        alipay.systemErrors(1, FaultPhase.AFTER_PROCESSING, "alipay.trade.refund");

        assertEquals(Status.SUCCEEDED, provider.refund(refund(request, 500)).status());
        assertEquals(1, alipay.trade(reference).orElseThrow().refunds().size());
    }

    @Test
    void gatewayThatKeepsFailing_isUnavailable_andTheChargeCanBeRepeated() {
        ChargeRequest request = charge("alipay:qr");
        alipay.faults().serverErrors(2, FaultPhase.AFTER_PROCESSING, "alipay.trade.precreate");

        assertThrows(PaymentProviderUnavailableException.class, () -> provider.charge(request));
        assertEquals(Status.PENDING, provider.charge(request).status());
        assertEquals(1, alipay.trades().size());
    }

    @Test
    void precreateThatTimedOutOnce_isSentAgainUnderTheSameOutTradeNo() {
        ChargeRequest request = charge("alipay:qr");
        alipay.faults().timeouts(1, FaultPhase.AFTER_PROCESSING, "alipay.trade.precreate");

        ProviderPayment payment = provider.charge(request);

        assertEquals(Status.PENDING, payment.status());
        assertEquals(alipay.trade(request.paymentId().value()).orElseThrow().qrCode(), payment.nextAction().qrCode());
    }

    @Test
    void answerSignedWithAnotherKey_isNotTrusted() {
        AlipayConfig wrongAlipayKey = new AlipayConfig(config.appId(), null, config.gateway(), config.notifyUrl(), null,
                config.appPrivateKey(), RsaKeys.generate().getPublic(), null, null);

        assertThrows(PaymentProviderUnavailableException.class, () -> new AlipayPaymentProvider(wrongAlipayKey).charge(charge("alipay:qr")));
    }

    @Test
    void requestSignedWithAnotherAppKey_isRefusedByTheGateway() {
        AlipayConfig wrongAppKey = new AlipayConfig(config.appId(), null, config.gateway(), config.notifyUrl(), null,
                RsaKeys.generate().getPrivate(), config.alipayPublicKey(), null, null);

        var refused = assertThrows(PaymentProviderUnavailableException.class,
                () -> new AlipayPaymentProvider(wrongAppKey).findPayment("pay_" + Ulid.next(java.time.Instant.now()) + "_1"));
        assertTrue(refused.getMessage().contains("isv.invalid-signature"), refused.getMessage());
        // a gateway refusal is ours to fix: never a decline of the buyer's payment
        assertThrows(PaymentProviderUnavailableException.class, () -> new AlipayPaymentProvider(wrongAppKey).charge(charge("alipay:qr")));
        assertTrue(alipay.trades().isEmpty());
    }

    @Test
    void notification_isResentUntilAnsweredSuccess_withTheSameNotifyId() {
        receiver.answerNext("fail", "<html>ok</html>");
        ChargeRequest request = charge("alipay:qr");

        paid(request);

        List<PaymentEvent> events = awaitEvents(1);
        List<DeliveryAttempt> attempts = awaitDelivered();
        assertEquals(3, attempts.size());
        assertEquals(List.of(DeliveryOutcome.FAILED, DeliveryOutcome.FAILED, DeliveryOutcome.DELIVERED),
                attempts.stream().map(DeliveryAttempt::outcome).toList());
        assertTrue(attempts.stream().allMatch(a -> a.eventId().equals(events.get(0).eventId())));
    }

    @Test
    void duplicateNotifications_carryOneNotifyId() {
        alipay.faults().duplicateEvents(2);
        ChargeRequest request = charge("alipay:qr");

        paid(request);

        List<PaymentEvent> events = awaitEvents(2);
        assertEquals(events.get(0).eventId(), events.get(1).eventId());
    }

    @Test
    void outOfOrderNotifications_arriveCancelBeforeAnEarlierSuccess() {
        alipay.faults().outOfOrderEvents(true);
        ChargeRequest first = charge("alipay:qr");
        ChargeRequest second = charge("alipay:qr");
        paid(first);
        provider.charge(second);

        alipay.decline(second.paymentId().value());

        List<PaymentEvent> events = awaitEvents(2);
        assertEquals(List.of(Kind.PAYMENT_CANCELED, Kind.PAYMENT_SUCCEEDED), events.stream().map(PaymentEvent::kind).toList());
    }

    @Test
    void droppedDeliveries_areResent() {
        alipay.faults().dropDeliveryAttempts(2);

        paid(charge("alipay:qr"));

        awaitEvents(1);
        assertEquals(List.of(DeliveryOutcome.DROPPED, DeliveryOutcome.DROPPED, DeliveryOutcome.DELIVERED),
                awaitDelivered().stream().map(DeliveryAttempt::outcome).toList());
    }

    @Test
    void pagePay_redirectsToASignedUrl_theBuyerPaysThere_andIsSentToTheReturnUrl() throws Exception {
        ChargeRequest request = charge("alipay:page");

        ProviderPayment payment = provider.charge(request);

        assertEquals(Status.PENDING, payment.status());
        assertEquals(NextAction.Type.REDIRECT, payment.nextAction().type());
        String url = payment.nextAction().url();
        assertTrue(url.startsWith(alipay.gatewayUrl() + "?"), url);
        HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("aria-label=\"Pay ¥19.90 with Alipay\""), page.body());
        HttpResponse<String> paid = BROWSER.send(HttpRequest.newBuilder(URI.create(alipay.baseUrl() + "/page/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("out_trade_no=" + request.paymentId().value())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, paid.statusCode());
        assertTrue(paid.headers().firstValue("Location").orElseThrow().startsWith("https://shop.example/paid?"));
        assertEquals(Kind.PAYMENT_SUCCEEDED, awaitEvents(1).get(0).kind());
        assertEquals(Status.SUCCEEDED, provider.charge(request).status());
    }

    @Test
    void pagePayUrl_withATamperedAmount_isRefusedByTheGateway() throws Exception {
        String url = provider.charge(charge("alipay:page")).nextAction().url().replace("19.90", "0.01");

        HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(page.body().contains("isv.invalid-signature"), page.body());
        assertTrue(alipay.trades().isEmpty());
    }

    @Test
    void notificationForAnotherApp_isRefusedByTheReader() {
        ChargeRequest request = charge("alipay:qr");
        paid(request);
        String body = alipay.notificationBody(alipay.notifications().get(0));
        AlipayConfig otherAppConfig = new AlipayConfig("9021000000000999", null, config.gateway(), config.notifyUrl(), null,
                config.appPrivateKey(), config.alipayPublicKey(), null, null);

        var refused = assertThrows(dev.checkout.domain.WebhookSignatureException.class,
                () -> new AlipayPaymentEventReader(() -> otherAppConfig).verify(body, java.util.Map.of()));
        assertTrue(refused.getMessage().contains("not ours"), refused.getMessage());
    }
}
