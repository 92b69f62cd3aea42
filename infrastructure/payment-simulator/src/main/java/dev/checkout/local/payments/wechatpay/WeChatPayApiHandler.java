package dev.checkout.local.payments.wechatpay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.RequestFault;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's HTTP face. {@code /v3/...}: WeChat Pay's API, each request's {@code Authorization} checked as WeChat
 * Pay checks it (schema, merchant id, certificate serial, timestamp within 5 minutes, SHA256withRSA signature over
 * {@code METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n} with the merchant's public key), each answer (errors and 204
 * included) signed with the platform key and sent with {@code Wechatpay-Timestamp}, {@code Wechatpay-Nonce},
 * {@code Wechatpay-Serial}, {@code Wechatpay-Signature} and {@code Request-ID} in that case; the API-call faults of
 * {@link FaultSwitches} act here. {@code /customer/pay} and {@code /customer/decline}: the buyer. {@code /admin/...}:
 * inspection and reset.
 */
final class WeChatPayApiHandler implements LoopbackHttpServer.Handler {
    private static final Pattern TRADE = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/?]+)");
    private static final Pattern CLOSE = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/?]+)/close");
    private static final Pattern REFUND = Pattern.compile("/v3/refund/domestic/refunds/([^/?]+)");
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-|*]{6,32}");
    private static final Pattern OUT_REFUND_NO = Pattern.compile("[0-9A-Za-z_\\-|*@]{1,64}");
    private static final Pattern AUTHORIZATION_FIELD = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final long TOLERANCE_SECONDS = 300;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, new ToStringSerializer(Instant.class)));
    private final WeChatPaySimulator simulator;
    private final WeChatPaySimulatorConfig config;
    private final SimulatorKeys keys;
    private final WeChatPayLedger ledger;
    private final FaultSwitches faults;
    private final Clock clock;

    WeChatPayApiHandler(WeChatPaySimulator simulator, WeChatPaySimulatorConfig config, SimulatorKeys keys, WeChatPayLedger ledger,
                        FaultSwitches faults, Clock clock) {
        this.simulator = simulator;
        this.config = config;
        this.keys = keys;
        this.ledger = ledger;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public LoopbackHttpServer.Response handle(LoopbackHttpServer.Request request) {
        String path = request.path();
        try {
            if (path.startsWith("/v3/")) {
                return api(request);
            }
            if (path.startsWith("/customer/")) {
                return signed(200, customer(request));
            }
            if (path.startsWith("/admin/")) {
                return signed(200, admin(request));
            }
            throw new WeChatPayApiError(404, "NOT_FOUND", "no such endpoint: " + path);
        } catch (WeChatPayApiError e) {
            return error(e);
        }
    }

    private LoopbackHttpServer.Response api(LoopbackHttpServer.Request request) {
        FaultSwitches.RequestFaultPlan plan = faults.planFor(request.method(), request.path(), request.header("X-Simulator-Fault"));
        if (plan.latencyMillis() > 0) {
            sleep(plan.latencyMillis());
        }
        if (plan.kind() != null && plan.phase() == FaultPhase.BEFORE_PROCESSING) {
            return fault(plan.kind());
        }
        LoopbackHttpServer.Response response;
        try {
            authenticate(request);
            response = route(request);
        } catch (WeChatPayApiError e) {
            response = error(e);
        }
        if (plan.kind() != null) {
            return fault(plan.kind());
        }
        return response;
    }

    private LoopbackHttpServer.Response fault(RequestFault.Kind kind) {
        if (kind == RequestFault.Kind.TIMEOUT) {
            return LoopbackHttpServer.Response.dropAfter(config.timeoutHold().toMillis());
        }
        return error(new WeChatPayApiError(500, "SYSTEM_ERROR", "系统错误"));
    }

    private void authenticate(LoopbackHttpServer.Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
            throw new WeChatPayApiError(401, "SIGN_ERROR", "Authorization 缺失或认证类型不是 WECHATPAY2-SHA256-RSA2048");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher matcher = AUTHORIZATION_FIELD.matcher(authorization.substring("WECHATPAY2-SHA256-RSA2048 ".length()));
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        for (String field : List.of("mchid", "nonce_str", "timestamp", "serial_no", "signature")) {
            if (!fields.containsKey(field)) {
                throw new WeChatPayApiError(401, "SIGN_ERROR", "Authorization 缺少 " + field);
            }
        }
        if (!fields.get("mchid").equals(config.mchId())) {
            throw new WeChatPayApiError(400, "MCH_NOT_EXISTS", "商户号不存在");
        }
        if (!fields.get("serial_no").equals(keys.merchantSerial)) {
            throw new WeChatPayApiError(401, "SIGN_ERROR", "商户证书序列号有误。请使用签名私钥匹配的证书序列号");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(fields.get("timestamp"));
        } catch (NumberFormatException e) {
            throw new WeChatPayApiError(401, "SIGN_ERROR", "Authorization 中的 timestamp 不是数字");
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > TOLERANCE_SECONDS) {
            throw new WeChatPayApiError(401, "SIGN_ERROR", "请求的时间戳已过期");
        }
        byte[] head = (request.method() + "\n" + request.target() + "\n" + timestamp + "\n" + fields.get("nonce_str") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + request.body().length + 1];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(request.body(), 0, message, head.length, request.body().length);
        message[message.length - 1] = '\n';
        if (!SimulatorKeys.verify(keys.merchant.getPublic(), message, fields.get("signature"))) {
            throw new WeChatPayApiError(401, "SIGN_ERROR", "签名错误，请检查后再试");
        }
    }

    private LoopbackHttpServer.Response route(LoopbackHttpServer.Request request) {
        String method = request.method();
        String path = request.path();
        Matcher close = CLOSE.matcher(path);
        Matcher trade = TRADE.matcher(path);
        Matcher refund = REFUND.matcher(path);
        if (method.equals("POST") && path.equals("/v3/pay/transactions/native")) {
            return signed(200, nativeOrder(body(request)));
        }
        if (method.equals("POST") && close.matches()) {
            JsonNode body = body(request);
            requireMchId(body.path("mchid").asText(null));
            ledger.close(outTradeNo(close.group(1)));
            return signed(204, null);
        }
        if (method.equals("GET") && trade.matches()) {
            requireMchId(queryParameter(request.query(), "mchid"));
            WeChatPayTrade found = ledger.trade(outTradeNo(trade.group(1))).orElseThrow(WeChatPayApiError::orderNotExist);
            return signed(200, ledger.transactionJson(found));
        }
        if (method.equals("POST") && path.equals("/v3/refund/domestic/refunds")) {
            return signed(200, createRefund(body(request)));
        }
        if (method.equals("GET") && refund.matches()) {
            WeChatPayRefund found = ledger.findRefund(decode(refund.group(1)))
                    .orElseThrow(() -> new WeChatPayApiError(404, "RESOURCE_NOT_EXISTS", "退款单不存在"));
            return signed(200, ledger.refundJson(found));
        }
        throw new WeChatPayApiError(404, "NOT_FOUND", "无效的请求路径 " + method + " " + path);
    }

    private JsonNode nativeOrder(JsonNode body) {
        String appId = required(body, "appid", "/body/appid");
        String mchId = required(body, "mchid", "/body/mchid");
        String description = required(body, "description", "/body/description");
        String outTradeNo = outTradeNo(required(body, "out_trade_no", "/body/out_trade_no"));
        String notifyUrl = required(body, "notify_url", "/body/notify_url");
        requireMchId(mchId);
        if (!appId.equals(config.appId())) {
            throw new WeChatPayApiError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配，请检查后再试");
        }
        if (description.length() > 127) {
            throw WeChatPayApiError.paramError("输入源“/body/description”映射到值字段“商品描述”字符串规则校验失败，字节数 " + description.length() + "，大于最大值 127");
        }
        if (!notifyUrl.matches("https?://[^?#\\s]+")) {
            throw WeChatPayApiError.paramError("notify_url 必须是不带参数的 http(s) 地址");
        }
        JsonNode amount = body.path("amount");
        if (!amount.path("total").isIntegralNumber() || amount.path("total").asLong() <= 0 || amount.path("total").asLong() > Integer.MAX_VALUE) {
            throw WeChatPayApiError.paramError("输入源“/body/amount/total”映射到值字段“总金额”必填性规则校验失败，此字段为必填项，且为正整数（分）");
        }
        String currency = amount.path("currency").asText("CNY");
        if (!currency.equals("CNY")) {
            throw WeChatPayApiError.paramError("境内商户号仅支持人民币 CNY");
        }
        WeChatPayTrade trade = ledger.order(appId, mchId, description, outTradeNo, notifyUrl, amount.path("total").asLong(), currency);
        return mapper.createObjectNode().put("code_url", trade.codeUrl());
    }

    private JsonNode createRefund(JsonNode body) {
        String outTradeNo = body.hasNonNull("out_trade_no") ? outTradeNo(body.path("out_trade_no").asText()) : null;
        if (outTradeNo == null) {
            if (body.hasNonNull("transaction_id")) {
                String transactionId = body.path("transaction_id").asText();
                outTradeNo = ledger.trades().stream().filter(t -> transactionId.equals(t.transactionId())).findFirst()
                        .map(WeChatPayTrade::outTradeNo).orElseThrow(() -> new WeChatPayApiError(404, "RESOURCE_NOT_EXISTS", "订单不存在"));
            } else {
                throw WeChatPayApiError.paramError("transaction_id 和 out_trade_no 必须二选一进行传参");
            }
        }
        String outRefundNo = required(body, "out_refund_no", "/body/out_refund_no");
        if (!OUT_REFUND_NO.matcher(outRefundNo).matches()) {
            throw WeChatPayApiError.paramError("out_refund_no 只能是数字、大小写字母_-|*@，1-64 个字符");
        }
        JsonNode amount = body.path("amount");
        if (!amount.path("refund").isIntegralNumber() || !amount.path("total").isIntegralNumber()) {
            throw WeChatPayApiError.paramError("输入源“/body/amount”映射到值字段“金额信息”必填性规则校验失败：refund 与 total 为必填整数（分）");
        }
        String notifyUrl = body.hasNonNull("notify_url") ? body.path("notify_url").asText() : null;
        WeChatPayRefund refund = ledger.refund(outTradeNo, outRefundNo, amount.path("refund").asLong(), amount.path("total").asLong(),
                amount.path("currency").asText(null), notifyUrl);
        return ledger.refundJson(refund);
    }

    private JsonNode customer(LoopbackHttpServer.Request request) {
        if (!request.method().equals("POST")) {
            throw new WeChatPayApiError(405, "METHOD_NOT_ALLOWED", "POST only");
        }
        JsonNode body = body(request);
        String reference = body.hasNonNull("out_trade_no") ? body.path("out_trade_no").asText() : body.path("code_url").asText(null);
        if (reference == null) {
            throw WeChatPayApiError.paramError("give out_trade_no or code_url");
        }
        WeChatPayTrade trade = switch (request.path()) {
            case "/customer/pay" -> ledger.pay(reference);
            case "/customer/decline" -> ledger.decline(reference);
            default -> throw new WeChatPayApiError(404, "NOT_FOUND", "the customer can pay or decline");
        };
        return ledger.transactionJson(trade);
    }

    private JsonNode admin(LoopbackHttpServer.Request request) {
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET /admin/trades" -> array(ledger.trades());
            case "GET /admin/refunds" -> array(ledger.refunds());
            case "GET /admin/notifications" -> array(ledger.notifications());
            case "GET /admin/deliveries" -> array(simulator.deliveries());
            case "GET /admin/credentials" -> mapper.valueToTree(Map.of("mchid", config.mchId(), "appid", config.appId(),
                    "merchant_serial_no", keys.merchantSerial, "merchant_private_key", simulator.merchantPrivateKeyPem(),
                    "platform_public_key_id", keys.platformKeyId, "platform_public_key", simulator.platformPublicKeyPem(),
                    "api_v3_key", keys.apiV3Key));
            case "POST /admin/reset" -> {
                simulator.reset();
                yield mapper.createObjectNode().put("reset", true);
            }
            default -> throw new WeChatPayApiError(404, "NOT_FOUND", "admin: GET trades, refunds, notifications, deliveries, credentials; POST reset");
        };
    }

    private ArrayNode array(List<?> items) {
        ArrayNode array = mapper.createArrayNode();
        for (Object item : items) {
            array.add(mapper.valueToTree(item));
        }
        return array;
    }

    private JsonNode body(LoopbackHttpServer.Request request) {
        if (request.body().length == 0) {
            throw WeChatPayApiError.paramError("请求体为空");
        }
        try {
            JsonNode body = mapper.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw WeChatPayApiError.paramError("请求体不是 JSON 对象");
            }
            return body;
        } catch (IOException e) {
            throw WeChatPayApiError.paramError("请求体不是合法的 JSON");
        }
    }

    private void requireMchId(String mchId) {
        if (mchId == null || mchId.isBlank()) {
            throw WeChatPayApiError.paramError("输入源“/mchid”映射到值字段“直连商户号”必填性规则校验失败，此字段为必填项");
        }
        if (!mchId.equals(config.mchId())) {
            throw new WeChatPayApiError(400, "PARAM_ERROR", "商户号与请求签名的商户号不一致");
        }
    }

    private static String outTradeNo(String raw) {
        String value = decode(raw);
        if (!OUT_TRADE_NO.matcher(value).matches()) {
            throw WeChatPayApiError.paramError("out_trade_no 只能是数字、大小写字母_-|*，6-32 个字符");
        }
        return value;
    }

    private static String required(JsonNode body, String field, String source) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw WeChatPayApiError.paramError("输入源“" + source + "”映射到字段“" + field + "”必填性规则校验失败，此字段为必填项");
        }
        return value.asText();
    }

    private static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && decode(pair.substring(0, equals)).equals(name)) {
                return decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private LoopbackHttpServer.Response error(WeChatPayApiError e) {
        return signed(e.status, mapper.createObjectNode().put("code", e.code).put("message", e.getMessage()));
    }

    /** An answer signed with the platform key, header names in WeChat Pay's case. */
    private LoopbackHttpServer.Response signed(int status, JsonNode body) {
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = SimulatorKeys.nonce();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Server", "nginx"));
        if (body != null) {
            headers.add(Map.entry("Content-Type", "application/json; charset=utf-8"));
        }
        headers.add(Map.entry("Request-ID", UUID.randomUUID().toString().replace("-", "").toUpperCase()));
        headers.add(Map.entry("Wechatpay-Nonce", nonce));
        headers.add(Map.entry("Wechatpay-Signature", keys.signAsPlatform(timestamp, nonce, bytes)));
        headers.add(Map.entry("Wechatpay-Timestamp", timestamp));
        headers.add(Map.entry("Wechatpay-Serial", keys.platformKeyId));
        headers.add(Map.entry("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"));
        return new LoopbackHttpServer.Response(status, headers, bytes, -1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
