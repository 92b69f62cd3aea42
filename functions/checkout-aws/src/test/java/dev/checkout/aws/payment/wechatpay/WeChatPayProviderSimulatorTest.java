package dev.checkout.aws.payment.wechatpay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulatorConfig;
import dev.checkout.port.PaymentProvider.ChargeRequest;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.PaymentProvider.RefundRequest;
import dev.checkout.port.PaymentProvider.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration: {@link WeChatPayProvider} and {@link WeChatPayEventReader} against the WeChat Pay simulator over HTTP
 * on 127.0.0.1: Native orders, the buyer paying, notifications verified and decrypted at a notify_url, query, close,
 * partial and repeated refunds, notification resends, and API faults.
 */
@Tag("integration")
class WeChatPayProviderSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static WeChatPaySimulator wechat;
    private static NotificationReceiver receiver;
    private static WeChatPayConfig config;
    private static WeChatPayProvider provider;

    @BeforeAll
    static void start() {
        wechat = WeChatPaySimulator.start(WeChatPaySimulatorConfig.forTests());
        WeChatPayConfig[] holder = new WeChatPayConfig[1];
        receiver = new NotificationReceiver(new WeChatPayEventReader(() -> holder[0]));
        config = WeChatPayConfig.of(wechat.mchId(), wechat.appId(), wechat.merchantSerialNumber(), wechat.merchantPrivateKeyPem(),
                        wechat.apiV3Key(), wechat.platformPublicKeyId(), wechat.platformPublicKeyPem(), receiver.url().toString())
                .withBaseUri(wechat.baseUrl())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
        holder[0] = config;
        provider = new WeChatPayProvider(config);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        wechat.close();
    }

    @BeforeEach
    void clean() {
        wechat.reset();
        receiver.clear();
    }

    private static ChargeRequest charge(long fen) {
        OrderId order = OrderId.of("ord_" + Ulid.next(Instant.now()));
        return new ChargeRequest(PaymentId.of(order, 1), order, Money.of(fen, "CNY"), "wechatpay:native");
    }

    private static RefundRequest refund(ChargeRequest charge, long fen) {
        return new RefundRequest(RefundId.of("rfd_" + Ulid.next(Instant.now())), charge.orderId(), charge.paymentId(),
                WeChatPayProvider.outTradeNo(charge.paymentId()), Money.of(fen, "CNY"));
    }

    private static List<PaymentEvent> awaitEvents(int count) {
        return await().atMost(WAIT).until(receiver::events, events -> events.size() >= count);
    }

    @Test
    void charge_createsANativeOrder_andWaitsForTheBuyerWithTheCodeUrl() {
        ChargeRequest request = charge(1990);

        ProviderPayment payment = provider.charge(request);

        String outTradeNo = request.paymentId().value().substring(4);
        assertEquals(outTradeNo, payment.reference());
        assertEquals(Status.PENDING, payment.status());
        assertEquals(Money.of(1990, "CNY"), payment.amount());
        assertEquals(NextAction.Type.QR_CODE, payment.nextAction().type());
        assertTrue(payment.nextAction().qrCode().startsWith("weixin://wxpay/bizpayurl?pr="), payment.nextAction().qrCode());
        var trade = wechat.trade(outTradeNo).orElseThrow();
        assertEquals("NOTPAY", trade.state());
        assertEquals(1990, trade.total());
        assertEquals("Order " + request.orderId().value(), trade.description());
        assertEquals(config.notifyUrl(), trade.notifyUrl());
    }

    @Test
    void charge_repeated_answersTheSameCodeUrl_andMakesNoSecondTrade() {
        ChargeRequest request = charge(500);

        ProviderPayment first = provider.charge(request);
        ProviderPayment second = provider.charge(request);

        assertEquals(first.nextAction(), second.nextAction());
        assertEquals(1, wechat.trades().size());
    }

    @Test
    void buyerPays_notificationIsVerifiedAndDecrypted_andThePaymentReadsSucceeded() {
        ChargeRequest request = charge(1990);
        ProviderPayment payment = provider.charge(request);

        wechat.pay(payment.nextAction().qrCode());

        PaymentEvent event = awaitEvents(1).get(0);
        assertEquals(Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals("TRANSACTION.SUCCESS", event.providerType());
        assertEquals(payment.reference(), event.reference());
        assertEquals(request.paymentId().value(), event.paymentId());
        assertEquals(request.orderId().value(), event.orderId());
        assertEquals(Money.of(1990, "CNY"), event.amount());
        assertEquals(wechat.notifications().get(0).id(), event.eventId());
        assertEquals(new ProviderPayment(payment.reference(), Status.SUCCEEDED, Money.of(1990, "CNY"), null),
                provider.findPayment(payment.reference()).orElseThrow());
        assertEquals(Status.SUCCEEDED, provider.charge(request).status());
    }

    @Test
    void cancel_closesAnUnpaidOrder_andAChargeAgainReportsItCanceled() {
        ChargeRequest request = charge(800);
        String reference = provider.charge(request).reference();

        assertEquals(Status.CANCELED, provider.cancel(reference).status());

        assertEquals("CLOSED", wechat.trade(reference).orElseThrow().state());
        assertEquals(Status.CANCELED, provider.findPayment(reference).orElseThrow().status());
        assertEquals(Status.CANCELED, provider.charge(request).status());
        assertEquals(Status.CANCELED, provider.cancel(reference).status());
    }

    @Test
    void cancel_ofAPaidOrder_reportsItSucceeded() {
        String reference = provider.charge(charge(800)).reference();
        wechat.pay(reference);

        ProviderPayment canceled = provider.cancel(reference);

        assertEquals(Status.SUCCEEDED, canceled.status());
        assertEquals(Money.of(800, "CNY"), canceled.amount());
    }

    @Test
    void buyersPaymentFails_thePaymentReadsFailed_withoutANotification_andAChargeAgainIsDeclined() {
        ChargeRequest request = charge(800);
        String reference = provider.charge(request).reference();

        wechat.decline(reference);

        ProviderPayment failed = provider.findPayment(reference).orElseThrow();
        assertEquals(Status.FAILED, failed.status());
        assertEquals("PAYERROR", failed.failureCode());
        assertTrue(wechat.notifications().isEmpty());
        assertThrows(PaymentDeclinedException.class, () -> provider.charge(request));
    }

    @Test
    void findByPaymentId_findsTheTransactionMadeUnderItsOutTradeNo_andIsEmptyForAnIdNeverCharged() {
        ChargeRequest request = charge(1990);
        String reference = provider.charge(request).reference();
        wechat.pay(reference);
        OrderId never = OrderId.of("ord_" + Ulid.next(Instant.now()));

        assertEquals(new ProviderPayment(reference, Status.SUCCEEDED, Money.of(1990, "CNY"), null),
                provider.findByPaymentId(request.paymentId()).orElseThrow());
        assertEquals(Optional.empty(), provider.findByPaymentId(PaymentId.of(never, 1)));
    }

    @Test
    void findPaymentAndFindRefund_areEmpty_forReferencesWeChatPayDoesNotKnow() {
        assertEquals(Optional.empty(), provider.findPayment("01JDZ8Q4K3M5N7P9R2T4V6X8Y0_7"));
        assertEquals(Optional.empty(), provider.findRefund("rfd_01JDZ8Q4K3M5N7P9R2T4V6X8Y0"));
    }

    @Test
    void refunds_partialAndRepeated_settleWithRefundSuccessNotifications() {
        ChargeRequest request = charge(1000);
        String reference = provider.charge(request).reference();
        wechat.pay(reference);
        awaitEvents(1);
        RefundRequest first = refund(request, 300);
        RefundRequest second = refund(request, 200);

        ProviderRefund created = provider.refund(first);
        provider.refund(second);
        ProviderRefund repeated = provider.refund(first);

        assertEquals(first.refundId().value(), created.reference());
        assertEquals(Status.PENDING, created.status());
        assertEquals(Money.of(300, "CNY"), created.amount());
        assertEquals(first.refundId().value(), repeated.reference());
        assertEquals(2, wechat.refunds().size());
        assertEquals(500, wechat.trade(reference).orElseThrow().refunded());
        List<PaymentEvent> events = awaitEvents(3);
        PaymentEvent refunded = events.stream().filter(e -> first.refundId().value().equals(e.reference())).findFirst().orElseThrow();
        assertEquals(Kind.REFUND_SUCCEEDED, refunded.kind());
        assertEquals(reference, refunded.paymentReference());
        assertEquals(first.refundId().value(), refunded.refundId());
        assertEquals(Money.of(300, "CNY"), refunded.amount());
        assertEquals(Status.SUCCEEDED, provider.findRefund(second.refundId().value()).orElseThrow().status());
        assertEquals(Status.SUCCEEDED, provider.findPayment(reference).orElseThrow().status());
    }

    @Test
    void refund_beyondWhatIsLeft_orOfAnUnpaidOrder_isRefusedForState() {
        ChargeRequest request = charge(1000);
        String reference = provider.charge(request).reference();

        assertThrows(StateConflictException.class, () -> provider.refund(refund(request, 100)));
        wechat.pay(reference);
        provider.refund(refund(request, 900));
        assertThrows(StateConflictException.class, () -> provider.refund(refund(request, 101)));
    }

    @Test
    void refund_thatEndsAbnormal_isReadAsAFailedRefund() {
        ChargeRequest request = charge(1000);
        wechat.pay(provider.charge(request).reference());
        wechat.failNextRefunds(1);
        RefundRequest refund = refund(request, 1000);

        provider.refund(refund);

        PaymentEvent event = await().atMost(WAIT).until(() -> receiver.events().stream()
                .filter(e -> e.kind() == Kind.REFUND_FAILED).findFirst(), Optional::isPresent).orElseThrow();
        assertEquals("REFUND.ABNORMAL", event.providerType());
        assertEquals(refund.refundId().value(), event.reference());
        ProviderRefund failed = provider.findRefund(refund.refundId().value()).orElseThrow();
        assertEquals(Status.FAILED, failed.status());
        assertEquals("ABNORMAL", failed.failureReason());
    }

    @Test
    void notification_isResentWithTheSameId_untilTheMerchantAnswers2xx() {
        receiver.failNext(2);
        String reference = provider.charge(charge(100)).reference();

        wechat.pay(reference);

        PaymentEvent event = awaitEvents(1).get(0);
        // The simulator records the delivered attempt once it has read the answer, just after the receiver took the event.
        List<DeliveryAttempt> attempts = await().atMost(WAIT).until(wechat::deliveries, delivered -> delivered.size() >= 3);
        assertEquals(List.of(DeliveryOutcome.FAILED, DeliveryOutcome.FAILED, DeliveryOutcome.DELIVERED),
                attempts.stream().map(DeliveryAttempt::outcome).toList());
        assertTrue(attempts.stream().allMatch(attempt -> attempt.eventId().equals(event.eventId())));
        assertEquals(500, attempts.get(0).httpStatus());
        assertEquals(204, attempts.get(2).httpStatus());
    }

    @Test
    void duplicateAndDroppedNotifications_arriveWithOneId() {
        wechat.faults().duplicateEvents(2).dropDeliveryAttempts(1);
        String reference = provider.charge(charge(100)).reference();

        wechat.pay(reference);

        List<PaymentEvent> events = awaitEvents(2);
        assertEquals(events.get(0).eventId(), events.get(1).eventId());
        assertEquals(2, wechat.deliveries().stream().filter(a -> a.outcome() == DeliveryOutcome.DROPPED).count());
    }

    @Test
    void serverErrorAfterProcessing_isAskedAgain_andMakesOneTrade() {
        wechat.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING, "POST /v3/pay/transactions/native");
        ChargeRequest request = charge(100);

        ProviderPayment payment = provider.charge(request);

        assertEquals(Status.PENDING, payment.status());
        assertEquals(1, wechat.trades().size());
    }

    @Test
    void timeoutAfterProcessing_isAskedAgainUnderTheSameRefundNumber_andRefundsOnce() {
        ChargeRequest request = charge(1000);
        wechat.pay(provider.charge(request).reference());
        wechat.faults().timeouts(1, FaultPhase.AFTER_PROCESSING, "POST /v3/refund/domestic/refunds");

        ProviderRefund refund = provider.refund(refund(request, 400));

        assertEquals(Money.of(400, "CNY"), refund.amount());
        assertEquals(1, wechat.refunds().size());
    }

    @Test
    void serverErrorsTwice_makeTheProviderUnavailable() {
        wechat.faults().serverErrors(2, FaultPhase.BEFORE_PROCESSING);

        assertThrows(PaymentProviderUnavailableException.class, () -> provider.charge(charge(100)));
        assertTrue(wechat.trades().isEmpty());
    }

    @Test
    void answersSignedWithAnotherPlatformKey_areNotTrusted() {
        WeChatPayConfig otherPlatformKey = new WeChatPayConfig(config.mchId(), config.appId(), config.merchantSerialNumber(),
                config.merchantPrivateKey(), config.apiV3Key(), config.platformPublicKeyId(), TestMerchant.PLATFORM.getPublic(),
                config.baseUri(), config.notifyUrl(), config.connectTimeout(), config.readTimeout());

        assertThrows(PaymentProviderUnavailableException.class, () -> new WeChatPayProvider(otherPlatformKey).charge(charge(100)));
    }

    @Test
    void requestsSignedWithAnotherMerchantKey_areRefusedWithSignError() {
        WeChatPayConfig otherMerchantKey = new WeChatPayConfig(config.mchId(), config.appId(), config.merchantSerialNumber(),
                TestMerchant.MERCHANT.getPrivate(), config.apiV3Key(), config.platformPublicKeyId(), config.platformPublicKey(),
                config.baseUri(), config.notifyUrl(), config.connectTimeout(), config.readTimeout());

        PaymentProviderUnavailableException refused = assertThrows(PaymentProviderUnavailableException.class,
                () -> new WeChatPayProvider(otherMerchantKey).charge(charge(100)));
        assertTrue(refused.getMessage().contains("SIGN_ERROR"), refused.getMessage());
        assertTrue(wechat.trades().isEmpty());
    }

    @Test
    void notificationSignedWithAnotherKey_isRefusedByTheReader_andResent() {
        WeChatPayEventReader strictReader = new WeChatPayEventReader(() -> new WeChatPayConfig(config.mchId(), config.appId(),
                config.merchantSerialNumber(), config.merchantPrivateKey(), config.apiV3Key(), config.platformPublicKeyId(),
                TestMerchant.PLATFORM.getPublic(), config.baseUri(), config.notifyUrl(), config.connectTimeout(), config.readTimeout()));
        try (NotificationReceiver other = new NotificationReceiver(strictReader)) {
            wechat.setNotifyEndpoint(other.url());
            wechat.pay(provider.charge(charge(100)).reference());

            await().atMost(WAIT).until(() -> other.refusals().size() >= 2);
            assertTrue(other.events().isEmpty());
            assertEquals(401, wechat.deliveries().get(0).httpStatus());
            assertNull(wechat.deliveries().stream().filter(a -> a.outcome() == DeliveryOutcome.DELIVERED).findFirst().orElse(null));
        }
    }
}
