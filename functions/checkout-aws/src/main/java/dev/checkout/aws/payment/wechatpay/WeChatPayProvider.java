package dev.checkout.aws.payment.wechatpay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Money;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.PaymentProvider;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * WeChat Pay API v3, Native payments (a QR code with {@code code_url}), with the JDK's HTTP client.
 *
 * <p>The payment reference is the merchant order number sent as {@code out_trade_no}: the payment id without its
 * {@code pay_} prefix ({@link #outTradeNo(PaymentId)}), since WeChat Pay takes 6-32 characters and a payment id can
 * be 35. The refund reference is {@code out_refund_no}, the refund id itself. Both are WeChat Pay's idempotency
 * keys, so a repeated call (after a timeout, a 5xx, {@code SYSTEM_ERROR} or {@code FREQUENCY_LIMITED}, which are
 * asked once more before {@link PaymentProviderUnavailableException}) never creates a second payment or refund.
 *
 * <p>Errors: credentials WeChat Pay refuses ({@code SIGN_ERROR}, {@code APPID_MCHID_NOT_MATCH}, {@code MCH_NOT_EXISTS},
 * {@code NO_AUTH}) are {@link PaymentProviderUnavailableException}, like any answer that does not verify; other
 * refusals of an order are {@link PaymentDeclinedException}; refusals of a refund or close are
 * {@link StateConflictException}.
 */
public final class WeChatPayProvider implements PaymentProvider {
    public static final String NAME = PaymentMethod.WECHATPAY;
    public static final String CURRENCY = "CNY";

    private static final String PAYMENT_ID_PREFIX = "pay_";
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-|*]{6,32}");
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("SIGN_ERROR", "APPID_MCHID_NOT_MATCH", "MCH_NOT_EXISTS",
            "NO_AUTH", "NOAUTH", "INVALID_REQUEST_SIGN");

    private final WeChatPayConfig config;
    private final WeChatPayApi api;

    public WeChatPayProvider(WeChatPayConfig config) {
        this(config, HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build(), Clock.systemUTC());
    }

    /** With another HTTP client or clock (tests). */
    WeChatPayProvider(WeChatPayConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.api = new WeChatPayApi(config, http, clock);
    }

    /** The {@code out_trade_no} of a payment: its id without {@code pay_}. */
    public static String outTradeNo(PaymentId paymentId) {
        return paymentId.value().substring(PAYMENT_ID_PREFIX.length());
    }

    /** The payment whose {@code out_trade_no} this is, when it is one the checkout made. */
    public static Optional<PaymentId> paymentId(String outTradeNo) {
        if (outTradeNo == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PaymentId.of(PAYMENT_ID_PREFIX + outTradeNo));
        } catch (NotFoundException notOurs) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderPayment charge(ChargeRequest request) {
        PaymentMethod method = PaymentMethod.parse(request.paymentMethod());
        if (!method.platform().equals(NAME) || !method.type().equals("native")) {
            throw new ValidationException("WeChat Pay takes wechatpay:native payments here, not " + method);
        }
        int total = fen(request.amount());
        String reference = outTradeNo(request.paymentId());
        ObjectNode body = Json.object();
        body.put("appid", config.appId());
        body.put("mchid", config.mchId());
        body.put("description", "Order " + request.orderId().value());
        body.put("out_trade_no", reference);
        body.put("notify_url", config.notifyUrl());
        body.putObject("amount").put("total", total).put("currency", CURRENCY);
        WeChatPayApi.Answer answer = api.post("/v3/pay/transactions/native", body, "create payment " + request.paymentId());
        if (answer.ok()) {
            if (answer.status() == 202 || answer.code().equals("USERPAYING")) {
                return new ProviderPayment(reference, Status.PENDING, request.amount(), null);
            }
            String codeUrl = answer.body().path("code_url").asText("");
            if (codeUrl.isBlank()) {
                throw new PaymentProviderUnavailableException("WeChat Pay answered the order for " + request.paymentId() + " without a code_url");
            }
            return new ProviderPayment(reference, Status.PENDING, request.amount(), null, NextAction.qrCode(codeUrl));
        }
        return switch (answer.code()) {
            // the same out_trade_no again: report what became of it
            case "ORDERPAID", "ORDER_CLOSED" -> findPayment(reference).orElseThrow(() ->
                    new PaymentProviderUnavailableException("WeChat Pay said " + answer.code() + " for " + reference + " but does not find it"));
            default -> {
                failOnCredentials(answer, "create payment " + request.paymentId());
                throw new PaymentDeclinedException("WeChat Pay refused the order: " + answer.message(), answer.code(), reference, null);
            }
        };
    }

    @Override
    public Optional<ProviderPayment> findPayment(String reference) {
        requireOutTradeNo(reference);
        WeChatPayApi.Answer answer = api.get("/v3/pay/transactions/out-trade-no/" + reference + "?mchid="
                + URLEncoder.encode(config.mchId(), StandardCharsets.UTF_8), "look up payment " + reference);
        if (answer.status() == 404 || answer.code().equals("ORDER_NOT_EXIST") || answer.code().equals("ORDERNOTEXIST")) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            failOnCredentials(answer, "look up payment " + reference);
            throw new IllegalStateException("WeChat Pay refused to look up payment " + reference + ": " + answer.describe());
        }
        return Optional.of(payment(reference, answer.body()));
    }

    /** The transaction whose {@code out_trade_no} is the payment id's ({@link #outTradeNo}). */
    @Override
    public Optional<ProviderPayment> findByPaymentId(PaymentId paymentId) {
        return findPayment(outTradeNo(paymentId));
    }

    @Override
    public ProviderPayment cancel(String reference) {
        requireOutTradeNo(reference);
        ObjectNode body = Json.object().put("mchid", config.mchId());
        WeChatPayApi.Answer answer = api.post("/v3/pay/transactions/out-trade-no/" + reference + "/close", body, "close payment " + reference);
        if (answer.ok()) {
            return new ProviderPayment(reference, Status.CANCELED, null, null);
        }
        if (answer.code().equals("ORDERPAID") || answer.code().equals("ORDER_CLOSED")) {
            // paid (the caller refunds instead), or closed before: say what it is
            return findPayment(reference).orElseThrow(() -> new StateConflictException("WeChat Pay has no payment " + reference));
        }
        failOnCredentials(answer, "close payment " + reference);
        throw new StateConflictException("WeChat Pay refused to close payment " + reference + ": " + answer.message() + " (" + answer.describe() + ")");
    }

    @Override
    public ProviderRefund refund(RefundRequest request) {
        int refund = fen(request.amount());
        String outTradeNo = request.paymentReference();
        requireOutTradeNo(outTradeNo);
        // WeChat Pay wants the order's total with every refund
        ProviderPayment payment = findPayment(outTradeNo).orElseThrow(() ->
                new StateConflictException("WeChat Pay has no payment " + outTradeNo + " to refund"));
        if (payment.amount() == null) {
            throw new StateConflictException("WeChat Pay does not state the amount of payment " + outTradeNo);
        }
        ObjectNode body = Json.object();
        body.put("out_trade_no", outTradeNo);
        body.put("out_refund_no", request.refundId().value());
        body.put("notify_url", config.notifyUrl());
        body.putObject("amount").put("refund", refund).put("total", fen(payment.amount())).put("currency", CURRENCY);
        WeChatPayApi.Answer answer = api.post("/v3/refund/domestic/refunds", body, "refund " + request.refundId());
        if (!answer.ok()) {
            failOnCredentials(answer, "refund " + request.refundId());
            throw new StateConflictException("WeChat Pay refused refund " + request.refundId() + ": " + answer.message() + " (" + answer.describe() + ")");
        }
        return refund(request.refundId().value(), answer.body());
    }

    @Override
    public Optional<ProviderRefund> findRefund(String reference) {
        if (reference == null || !reference.matches("[0-9A-Za-z_\\-|*@]{1,64}")) {
            throw new ValidationException("not an out_refund_no: " + reference);
        }
        WeChatPayApi.Answer answer = api.get("/v3/refund/domestic/refunds/" + reference, "look up refund " + reference);
        if (answer.status() == 404 || answer.code().equals("RESOURCE_NOT_EXISTS")) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            failOnCredentials(answer, "look up refund " + reference);
            throw new IllegalStateException("WeChat Pay refused to look up refund " + reference + ": " + answer.describe());
        }
        return Optional.of(refund(reference, answer.body()));
    }

    /** A trade as the query states it; {@code trade_state} decides the status. */
    static ProviderPayment payment(String reference, JsonNode trade) {
        String state = trade.path("trade_state").asText("");
        Status status = switch (state) {
            case "SUCCESS", "REFUND" -> Status.SUCCEEDED;
            case "CLOSED", "REVOKED" -> Status.CANCELED;
            case "PAYERROR" -> Status.FAILED;
            case "NOTPAY", "USERPAYING", "ACCEPT" -> Status.PENDING;
            default -> throw new IllegalStateException("WeChat Pay states payment " + reference + " as '" + state + "', a trade state unknown here");
        };
        return new ProviderPayment(reference, status, money(trade.path("amount").path("total"), trade.path("amount").path("currency")),
                status == Status.FAILED ? state : null);
    }

    /** A refund as WeChat Pay states it; {@code status} decides. */
    static ProviderRefund refund(String reference, JsonNode refund) {
        String state = refund.path("status").asText("");
        Status status = switch (state) {
            case "SUCCESS" -> Status.SUCCEEDED;
            case "PROCESSING" -> Status.PENDING;
            case "CLOSED", "ABNORMAL" -> Status.FAILED;
            default -> throw new IllegalStateException("WeChat Pay states refund " + reference + " as '" + state + "', a refund status unknown here");
        };
        return new ProviderRefund(reference, status, money(refund.path("amount").path("refund"), refund.path("amount").path("currency")),
                status == Status.FAILED ? state : null);
    }

    /** Fen in CNY; null when not stated. A refund's amount may omit the currency: WeChat Pay refunds in CNY. */
    static Money money(JsonNode fen, JsonNode currency) {
        if (!fen.isIntegralNumber() || fen.asLong() < 0) {
            return null;
        }
        return Money.of(fen.asLong(), currency.isTextual() ? currency.asText() : CURRENCY);
    }

    /** The amount in fen, as WeChat Pay's int {@code total}/{@code refund} takes it. */
    static int fen(Money amount) {
        if (!amount.currency().equals(CURRENCY)) {
            throw new ValidationException("WeChat Pay takes CNY here, not " + amount.currency());
        }
        if (amount.amount() <= 0 || amount.amount() > Integer.MAX_VALUE) {
            throw new ValidationException("a WeChat Pay amount is 1 to " + Integer.MAX_VALUE + " fen, not " + amount.amount());
        }
        return (int) amount.amount();
    }

    private static void requireOutTradeNo(String reference) {
        if (reference == null || !OUT_TRADE_NO.matcher(reference).matches()) {
            throw new ValidationException("not a WeChat Pay out_trade_no: " + reference);
        }
    }

    private static void failOnCredentials(WeChatPayApi.Answer answer, String what) {
        if (answer.status() == 401 || CREDENTIAL_ERRORS.contains(answer.code())) {
            throw new PaymentProviderUnavailableException("WeChat Pay refused the merchant's credentials to " + what
                    + " (" + answer.describe() + ")");
        }
    }
}
