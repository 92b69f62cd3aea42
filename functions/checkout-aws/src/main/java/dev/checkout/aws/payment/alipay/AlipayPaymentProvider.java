package dev.checkout.aws.payment.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.payment.alipay.AlipayGateway.Reply;
import dev.checkout.aws.payment.alipay.AlipayGateway.UnknownOutcome;
import dev.checkout.domain.Money;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.PaymentProvider;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Alipay through its OpenAPI gateway, RSA2-signed, with the JDK's HTTP client (no SDK).
 *
 * <p>The payment reference is the merchant order number {@code out_trade_no}, which is the payment id itself: known
 * before the customer pays, and Alipay takes it once, so charging the same payment id again never makes a second
 * trade. A refund's reference is {@code <out_trade_no>/<out_request_no>} with the refund id as {@code out_request_no}
 * (Alipay's refund query needs both).
 * <ul>
 *   <li>{@code alipay:qr}: {@code alipay.trade.precreate}; PENDING with the QR code to show.</li>
 *   <li>{@code alipay:page}: no trade is created by the server: the answer is the signed {@code alipay.trade.page.pay}
 *       URL the browser is sent to. The trade is looked up first so that a repeated charge of a paid or closed
 *       payment says so.</li>
 * </ul>
 *
 * <p>Unknown outcomes (no answer in time, HTTP 5xx, code {@code 20000}, {@code ACQ.SYSTEM_ERROR}) are resolved by
 * asking Alipay: the call is repeated under the same {@code out_trade_no} / {@code out_request_no}, for which Alipay
 * moves money once, or the refund is looked up; if Alipay still gives no answer the call fails with
 * {@link PaymentProviderUnavailableException} and may be repeated. Answers whose signature does not verify are never
 * trusted. Refund refusals for the trade's state or amount ({@code ACQ.TRADE_NOT_EXIST}, {@code ACQ.TRADE_STATUS_ERROR},
 * {@code ACQ.TRADE_HAS_FINISHED}, {@code ACQ.REFUND_AMT_NOT_EQUAL_TOTAL}, {@code ACQ.REFUND_AMOUNT_EXCEED}...) are
 * answered as a FAILED refund with Alipay's {@code sub_code} as the reason: the refund cannot happen as asked, and the
 * checkout settles it as failed with that reason. A refund number Alipay knows with another amount
 * ({@code ACQ.DISCORDANT_REPEAT_REQUEST}) is a {@link StateConflictException}: the checkout's own key was reused.
 * {@code ACQ.SELLER_BALANCE_NOT_ENOUGH} is {@link PaymentProviderUnavailableException}: the same refund succeeds
 * once the merchant's balance allows it.
 *
 * <p>Cancelling: {@code alipay.trade.close} closes a trade the buyer has seen. A QR code nobody scanned has no trade at
 * Alipay yet ({@code ACQ.TRADE_NOT_EXIST}), so there is nothing to close and the payment is reported CANCELED; the code
 * itself stays payable until Alipay lets it expire, and a payment made after that arrives as a signed TRADE_SUCCESS
 * notification, which the checkout treats as a late capture and refunds.
 */
public final class AlipayPaymentProvider implements PaymentProvider {
    public static final String NAME = PaymentMethod.ALIPAY;
    static final String REFUND_REFERENCE_SEPARATOR = "/";
    /** {@code 40004}: the gateway took the request and the business refused it. */
    private static final String BUSINESS_FAILED = "40004";
    private static final Set<String> REFUND_REFUSALS = Set.of("ACQ.TRADE_NOT_EXIST", "ACQ.TRADE_STATUS_ERROR",
            "ACQ.TRADE_HAS_FINISHED", "ACQ.TRADE_HAS_CLOSE", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "ACQ.REFUND_AMOUNT_EXCEED",
            "ACQ.REFUND_FEE_ERROR", "ACQ.REASON_TRADE_REFUND_FEE_ERR", "ACQ.TRADE_NOT_ALLOW_REFUND", "ACQ.REFUND_CHARGE_ERROR", "ACQ.BUYER_ERROR",
            "ACQ.SELLER_ERROR", "ACQ.INVALID_PARAMETER");

    private final AlipayConfig config;
    private final AlipayGateway gateway;

    public AlipayPaymentProvider(AlipayConfig config) {
        this(config, AlipayGateway.httpClient(config), Clock.systemUTC());
    }

    AlipayPaymentProvider(AlipayConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.gateway = new AlipayGateway(config, http, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderPayment charge(ChargeRequest request) {
        PaymentMethod method = PaymentMethod.parse(request.paymentMethod());
        if (!method.platform().equals(NAME)) {
            throw new ValidationException("the Alipay provider cannot charge a " + method + " payment");
        }
        String outTradeNo = request.paymentId().value();
        String yuan = AlipayAmount.toYuan(request.amount());
        ObjectNode biz = Json.object()
                .put("out_trade_no", outTradeNo)
                .put("total_amount", yuan)
                .put("subject", "Order " + request.orderId().value());
        return switch (method.type()) {
            case "qr" -> precreate(outTradeNo, request.amount(), biz);
            case "page" -> pagePay(outTradeNo, request.amount(), biz);
            default -> throw new ValidationException("the Alipay provider cannot charge a " + method + " payment");
        };
    }

    private ProviderPayment precreate(String outTradeNo, Money amount, ObjectNode biz) {
        Map<String, String> extra = Map.of("notify_url", config.notifyUrl().toString());
        Reply reply = callResolvingUnknown("alipay.trade.precreate", biz, extra);
        if (reply.isSuccess()) {
            String qrCode = AlipayGateway.text(reply.body(), "qr_code");
            if (qrCode == null) {
                throw new PaymentProviderUnavailableException("Alipay created trade " + outTradeNo + " without a QR code");
            }
            return new ProviderPayment(outTradeNo, Status.PENDING, amount, null, NextAction.qrCode(qrCode));
        }
        return alreadyThere(outTradeNo, amount, reply);
    }

    private ProviderPayment pagePay(String outTradeNo, Money amount, ObjectNode biz) {
        Optional<ProviderPayment> existing = findPayment(outTradeNo).filter(p -> p.status() != Status.PENDING);
        if (existing.isPresent()) {
            return existing.get();
        }
        biz.put("product_code", "FAST_INSTANT_TRADE_PAY");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("notify_url", config.notifyUrl().toString());
        if (config.returnUrl() != null) {
            extra.put("return_url", config.returnUrl().toString());
        }
        String url = gateway.url(gateway.signedParameters("alipay.trade.page.pay", biz, extra));
        return new ProviderPayment(outTradeNo, Status.PENDING, amount, null, NextAction.redirect(url, null));
    }

    /** A precreate Alipay refused: the same {@code out_trade_no} was paid or closed before, or a real refusal. */
    private ProviderPayment alreadyThere(String outTradeNo, Money amount, Reply reply) {
        if (!BUSINESS_FAILED.equals(reply.code())) {
            // 40001/40002: the gateway refused the request itself (app id, key, parameters): ours to fix, not the buyer's
            throw new PaymentProviderUnavailableException("Alipay's gateway refused to create trade " + outTradeNo + ": " + reply.describe());
        }
        String subCode = String.valueOf(reply.subCode());
        return switch (subCode) {
            case "ACQ.TRADE_HAS_SUCCESS", "ACQ.TRADE_HAS_FINISHED" -> findPayment(outTradeNo)
                    .filter(p -> p.status() == Status.SUCCEEDED)
                    .orElseThrow(() -> new PaymentProviderUnavailableException("Alipay said trade " + outTradeNo
                            + " was paid but does not show it paid"));
            case "ACQ.TRADE_HAS_CLOSE" -> new ProviderPayment(outTradeNo, Status.CANCELED, amount, null);
            default -> throw new PaymentDeclinedException("Alipay refused to create trade " + outTradeNo + ": " + reply.describe(),
                    reply.subCode() != null ? reply.subCode() : reply.code(), outTradeNo, null);
        };
    }

    @Override
    public Optional<ProviderPayment> findPayment(String reference) {
        // a QR code nobody scanned yet, or a page nobody opened: Alipay has no trade until the buyer acts
        return Optional.of(trade(reference).orElseGet(() -> new ProviderPayment(reference, Status.PENDING, null, null)));
    }

    /**
     * The trade whose {@code out_trade_no} is the payment id. Empty while Alipay has no such trade, which
     * includes a QR code nobody scanned yet and a page nobody opened.
     */
    @Override
    public Optional<ProviderPayment> findByPaymentId(PaymentId paymentId) {
        return trade(paymentId.value());
    }

    /** {@code alipay.trade.query} by {@code out_trade_no}; empty when Alipay has no such trade. */
    private Optional<ProviderPayment> trade(String outTradeNo) {
        Reply reply = callResolvingUnknown("alipay.trade.query", Json.object().put("out_trade_no", outTradeNo), Map.of());
        if (reply.isSuccess()) {
            return Optional.of(payment(outTradeNo, reply.body()));
        }
        if ("ACQ.TRADE_NOT_EXIST".equals(reply.subCode())) {
            return Optional.empty();
        }
        throw new PaymentProviderUnavailableException("Alipay refused to look up trade " + outTradeNo + ": " + reply.describe());
    }

    @Override
    public ProviderPayment cancel(String reference) {
        Reply reply = callResolvingUnknown("alipay.trade.close", Json.object().put("out_trade_no", reference), Map.of());
        if (reply.isSuccess() || "ACQ.TRADE_NOT_EXIST".equals(reply.subCode())) {
            return new ProviderPayment(reference, Status.CANCELED, null, null);
        }
        // paid (ACQ.TRADE_HAS_SUCCESS / ACQ.TRADE_STATUS_ERROR) or closed before: say what it is
        ProviderPayment now = findPayment(reference).orElseThrow();
        if (now.status() == Status.PENDING) {
            throw new PaymentProviderUnavailableException("Alipay refused to close trade " + reference + ": " + reply.describe());
        }
        return now;
    }

    @Override
    public ProviderRefund refund(RefundRequest request) {
        String outTradeNo = request.paymentReference();
        String outRequestNo = request.refundId().value();
        String reference = outTradeNo + REFUND_REFERENCE_SEPARATOR + outRequestNo;
        ObjectNode biz = Json.object()
                .put("out_trade_no", outTradeNo)
                .put("refund_amount", AlipayAmount.toYuan(request.amount()))
                .put("out_request_no", outRequestNo);
        Reply reply;
        try {
            reply = gateway.call("alipay.trade.refund", biz, Map.of());
        } catch (UnknownOutcome unknown) {
            Optional<ProviderRefund> found = findRefund(reference);
            if (found.isPresent()) {
                return found.get();
            }
            reply = callResolvingUnknown("alipay.trade.refund", biz, Map.of());
        }
        if (reply.isSuccess()) {
            if ("Y".equals(AlipayGateway.text(reply.body(), "fund_change"))) {
                return new ProviderRefund(reference, Status.SUCCEEDED, request.amount(), null);
            }
            // N: this refund number was refunded before (a repeat); the refund query says how much
            return findRefund(reference).orElse(new ProviderRefund(reference, Status.PENDING, request.amount(), null));
        }
        String subCode = String.valueOf(reply.subCode());
        if (subCode.equals("ACQ.DISCORDANT_REPEAT_REQUEST")) {
            throw new StateConflictException("Alipay knows refund " + outRequestNo + " of " + outTradeNo + " with other details: "
                    + reply.describe());
        }
        if (REFUND_REFUSALS.contains(subCode)) {
            return new ProviderRefund(reference, Status.FAILED, request.amount(), subCode);
        }
        throw new PaymentProviderUnavailableException("Alipay did not refund " + reference + ": " + reply.describe());
    }

    @Override
    public Optional<ProviderRefund> findRefund(String reference) {
        int separator = reference.lastIndexOf(REFUND_REFERENCE_SEPARATOR);
        if (separator <= 0 || separator == reference.length() - 1) {
            throw new ValidationException("an Alipay refund reference is <out_trade_no>/<out_request_no>, was " + reference);
        }
        String outTradeNo = reference.substring(0, separator);
        String outRequestNo = reference.substring(separator + 1);
        Reply reply = callResolvingUnknown("alipay.trade.fastpay.refund.query",
                Json.object().put("out_trade_no", outTradeNo).put("out_request_no", outRequestNo), Map.of());
        if ("ACQ.TRADE_NOT_EXIST".equals(reply.subCode())) {
            return Optional.empty();
        }
        if (!reply.isSuccess()) {
            throw new PaymentProviderUnavailableException("Alipay refused to look up refund " + reference + ": " + reply.describe());
        }
        // Alipay answers 10000 for a refund it does not know too, without refund_status: then there is none (yet)
        if (!"REFUND_SUCCESS".equals(AlipayGateway.text(reply.body(), "refund_status"))) {
            return Optional.empty();
        }
        String refunded = AlipayGateway.text(reply.body(), "refund_amount");
        return Optional.of(new ProviderRefund(reference, Status.SUCCEEDED, refunded == null ? null : AlipayAmount.fromYuan(refunded), null));
    }

    static ProviderPayment payment(String reference, JsonNode trade) {
        String total = AlipayGateway.text(trade, "total_amount");
        Money amount = total == null ? null : AlipayAmount.fromYuan(total);
        Status status = switch (String.valueOf(AlipayGateway.text(trade, "trade_status"))) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" -> Status.SUCCEEDED;
            // closed after paying means refunded in full: the payment itself succeeded
            case "TRADE_CLOSED" -> AlipayGateway.text(trade, "send_pay_date") != null ? Status.SUCCEEDED : Status.CANCELED;
            default -> Status.PENDING; // WAIT_BUYER_PAY
        };
        return new ProviderPayment(reference, status, amount, null);
    }

    /**
     * A call whose repetition is harmless (Alipay keys it by {@code out_trade_no} or {@code out_request_no}, or it only
     * reads): an unknown outcome is answered by sending it once more.
     */
    private Reply callResolvingUnknown(String method, ObjectNode biz, Map<String, String> extra) {
        try {
            try {
                return gateway.call(method, biz, extra);
            } catch (UnknownOutcome first) {
                return gateway.call(method, biz, extra);
            }
        } catch (UnknownOutcome again) {
            throw new PaymentProviderUnavailableException("Alipay gave no answer to " + again.getMessage());
        }
    }
}
