package dev.checkout.local.payments.alipay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.RequestFault;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Serves the simulated Alipay: {@code POST /gateway.do} (the OpenAPI methods), {@code GET /gateway.do} and a posted
 * {@code alipay.trade.page.pay} form (page pay: the buyer's page), {@code GET /qr/<code>} (what scanning a QR code opens), the buyer's buttons ({@code POST /page/pay},
 * {@code POST /page/cancel}) and the test customer ({@code POST /customer/scan|pay|decline} with {@code out_trade_no} or
 * {@code qr_code}).
 */
final class AlipayHttpHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(AlipayHttpHandler.class.getName());
    static final String FAULT_HEADER = "X-Simulator-Fault";
    private static final Set<String> METHODS = Set.of("alipay.trade.precreate", "alipay.trade.query", "alipay.trade.close",
            "alipay.trade.refund", "alipay.trade.fastpay.refund.query");

    private final AlipaySimulatorConfig config;
    private final ObjectMapper mapper;
    private final AlipayTrades trades;
    private final FaultSwitches faults;
    private final AlipaySystemErrors systemErrors;
    private final PublicKey appPublicKey;
    private final PrivateKey alipayPrivateKey;
    private final Supplier<String> baseUrl;
    private final Clock clock;
    private final CountDownLatch closing;

    AlipayHttpHandler(AlipaySimulatorConfig config, ObjectMapper mapper, AlipayTrades trades, FaultSwitches faults,
                      AlipaySystemErrors systemErrors, PublicKey appPublicKey, PrivateKey alipayPrivateKey, Supplier<String> baseUrl,
                      Clock clock, CountDownLatch closing) {
        this.config = config;
        this.mapper = mapper;
        this.trades = trades;
        this.faults = faults;
        this.systemErrors = systemErrors;
        this.appPublicKey = appPublicKey;
        this.alipayPrivateKey = alipayPrivateKey;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.closing = closing;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // bytes kept; decoded by charset below
            }
            if (path.equals("/gateway.do") && method.equals("POST")) {
                Map<String, String> params = parameters(exchange.getRequestURI().getRawQuery(), body,
                        exchange.getRequestHeaders().getFirst("Content-Type"));
                if ("alipay.trade.page.pay".equals(params.get("method"))) {
                    pagePay(exchange, params); // the SDK's default: an auto-submitted form the browser posts
                } else {
                    api(exchange, params);
                }
            } else if (path.equals("/gateway.do") && method.equals("GET")) {
                pagePay(exchange, form(exchange.getRequestURI().getRawQuery(), null));
            } else if (path.startsWith("/qr/") && method.equals("GET")) {
                qrPage(exchange);
            } else if (path.startsWith("/page/") && method.equals("POST")) {
                buyerButton(exchange, path.substring("/page/".length()), form(body, StandardCharsets.UTF_8));
            } else if (path.startsWith("/customer/") && method.equals("POST")) {
                customer(exchange, path.substring("/customer/".length()), form(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8),
                        form(body, StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: " + method + " " + path);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected failure serving " + exchange.getRequestURI(), e);
            send(exchange, 500, "text/plain; charset=utf-8", "simulator failure");
        }
    }

    // ---- the OpenAPI gateway

    private void api(HttpExchange exchange, Map<String, String> params) throws IOException {
        String apiMethod = params.getOrDefault("method", "");
        FaultSwitches.RequestFaultPlan plan;
        try {
            plan = faults.planFor("POST", apiMethod, exchange.getRequestHeaders().getFirst(FAULT_HEADER));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "text/plain; charset=utf-8", e.getMessage());
            return;
        }
        if (plan.latencyMillis() > 0) {
            pause(plan.latencyMillis());
        }
        if (plan.phase() == FaultPhase.BEFORE_PROCESSING && strike(exchange, plan)) {
            return;
        }
        FaultPhase systemError = systemErrors.take(apiMethod);
        String member = METHODS.contains(apiMethod) ? apiMethod.replace('.', '_') + "_response" : "error_response";
        ObjectNode answer;
        if (systemError == FaultPhase.BEFORE_PROCESSING) {
            answer = error(AlipayError.business("ACQ.SYSTEM_ERROR", "系统错误"));
        } else {
            try {
                answer = execute(apiMethod, params);
            } catch (AlipayError refused) {
                answer = error(refused);
            }
            if (systemError == FaultPhase.AFTER_PROCESSING) {
                answer = error(AlipayError.business("ACQ.SYSTEM_ERROR", "系统错误"));
            }
        }
        if (plan.phase() == FaultPhase.AFTER_PROCESSING && strike(exchange, plan)) {
            return;
        }
        send(exchange, 200, "application/json;charset=utf-8", signedResponse(member, answer));
    }

    private ObjectNode execute(String apiMethod, Map<String, String> params) {
        JsonNode biz = checkCommon(params, true);
        String notifyUrl = params.get("notify_url");
        return switch (apiMethod) {
            case "alipay.trade.precreate" -> trades.precreate(biz, notifyUrl, baseUrl.get());
            case "alipay.trade.query" -> trades.query(biz);
            case "alipay.trade.close" -> trades.close(biz);
            case "alipay.trade.refund" -> trades.refund(biz);
            case "alipay.trade.fastpay.refund.query" -> trades.refundQuery(biz);
            default -> throw AlipayError.invalid("isv.invalid-method", "不存在的方法名");
        };
    }

    /** The gateway's checks of the common parameters and the signature; answers the parsed {@code biz_content}. */
    private JsonNode checkCommon(Map<String, String> params, boolean api) {
        requirePresent(params, "app_id", "isv.missing-app-id");
        if (!params.get("app_id").equals(config.appId())) {
            throw AlipayError.invalid("isv.invalid-app-id", "无效的AppID参数");
        }
        requirePresent(params, "method", "isv.missing-method");
        if (api && !METHODS.contains(params.get("method"))) {
            throw AlipayError.invalid("isv.invalid-method", "不存在的方法名");
        }
        requirePresent(params, "sign_type", "isv.missing-signature-type");
        if (!params.get("sign_type").equals("RSA2")) {
            throw AlipayError.invalid("isv.invalid-signature-type", "无效的签名类型: the app is set up for RSA2");
        }
        requirePresent(params, "sign", "isv.missing-signature");
        requirePresent(params, "timestamp", "isv.missing-timestamp");
        try {
            LocalDateTime.parse(params.get("timestamp"), AlipayTrades.TIME);
        } catch (DateTimeParseException e) {
            throw AlipayError.invalid("isv.invalid-timestamp", "非法的时间戳参数: yyyy-MM-dd HH:mm:ss");
        }
        requirePresent(params, "version", "isv.missing-version");
        if (!params.get("version").equals("1.0")) {
            throw AlipayError.invalid("isv.invalid-version", "版本号错误");
        }
        String charset = params.get("charset");
        if (charset != null && !Set.of("utf-8", "gbk", "gb2312").contains(charset.toLowerCase(java.util.Locale.ROOT))) {
            throw AlipayError.invalid("isv.invalid-charset", "字符集错误");
        }
        String format = params.get("format");
        if (format != null && !format.equalsIgnoreCase("JSON")) {
            throw AlipayError.invalid("isv.invalid-format", "参数格式错误");
        }
        if (!AlipaySigning.verify(AlipaySigning.content(params, Set.of("sign")), params.get("sign"), appPublicKey)) {
            throw AlipayError.invalid("isv.invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配");
        }
        String bizContent = params.get("biz_content");
        if (bizContent == null) {
            throw AlipayError.missing("isv.missing-biz-content", "缺少biz_content参数");
        }
        try {
            JsonNode biz = mapper.readTree(bizContent);
            if (biz == null || !biz.isObject()) {
                throw AlipayError.invalid("isv.invalid-parameter", "biz_content is not a JSON object");
            }
            return biz;
        } catch (JsonProcessingException e) {
            throw AlipayError.invalid("isv.invalid-parameter", "biz_content is not JSON");
        }
    }

    private static void requirePresent(Map<String, String> params, String name, String subCode) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw AlipayError.missing(subCode, "缺少" + name + "参数");
        }
    }

    private ObjectNode error(AlipayError error) {
        ObjectNode answer = mapper.createObjectNode().put("code", error.code).put("msg", error.msg);
        if (error.subCode != null) {
            answer.put("sub_code", error.subCode).put("sub_msg", error.subMsg);
        }
        return answer;
    }

    /** {@code {"<member>":{...},"sign":"..."}}, the signature over the exact text of the member's object. */
    private String signedResponse(String member, ObjectNode answer) throws JsonProcessingException {
        String object = mapper.writeValueAsString(answer);
        String sign = AlipaySigning.sign(object, alipayPrivateKey);
        return "{\"" + member + "\":" + object + ",\"sign\":\"" + sign + "\"}";
    }

    private boolean strike(HttpExchange exchange, FaultSwitches.RequestFaultPlan plan) throws IOException {
        if (plan.kind() == RequestFault.Kind.ERROR) {
            send(exchange, 502, "text/html; charset=utf-8", "<html><body>502 Bad Gateway</body></html>");
            return true;
        }
        if (plan.kind() == RequestFault.Kind.TIMEOUT) {
            pause(config.timeoutHold().toMillis());
            return true; // closed without an answer: the connection drops
        }
        return false;
    }

    // ---- the buyer's pages

    private void pagePay(HttpExchange exchange, Map<String, String> params) throws IOException {
        SimulatedAlipayTrade trade;
        try {
            JsonNode biz = checkCommon(params, false);
            if (!"alipay.trade.page.pay".equals(params.get("method"))) {
                throw AlipayError.invalid("isv.invalid-method", "this page serves alipay.trade.page.pay");
            }
            trade = trades.pagePay(biz, params.get("notify_url"), params.get("return_url"));
        } catch (AlipayError refused) {
            page(exchange, 200, "支付宝 - 错误", "<h1>Payment cannot go on</h1><p>错误代码 <code>" + html(refused.subCode) + "</code>: "
                    + html(refused.subMsg) + "</p>");
            return;
        }
        page(exchange, 200, "支付宝 - 付款", buyerForm(trade));
    }

    private void qrPage(HttpExchange exchange) throws IOException {
        String qrCode = baseUrl.get() + exchange.getRequestURI().getRawPath();
        try {
            SimulatedAlipayTrade trade = trades.scan(qrCode);
            page(exchange, 200, "支付宝 - 付款", buyerForm(trade));
        } catch (NoSuchElementException | IllegalStateException e) {
            page(exchange, 404, "支付宝 - 错误", "<h1>No such QR code</h1>");
        }
    }

    private String buyerForm(SimulatedAlipayTrade trade) {
        if (!"WAIT_BUYER_PAY".equals(trade.status())) {
            return "<h1>" + html(trade.subject()) + "</h1><p>This trade is " + html(trade.status()) + ".</p>";
        }
        String hidden = "<input type=\"hidden\" name=\"out_trade_no\" value=\"" + html(trade.outTradeNo()) + "\">";
        return "<h1>" + html(trade.subject()) + "</h1>"
                + "<p>Amount: <strong>¥" + AlipayTrades.yuan(trade.totalAmount()) + "</strong></p>"
                + "<form method=\"post\" action=\"/page/pay\">" + hidden
                + "<button type=\"submit\" aria-label=\"Pay ¥" + AlipayTrades.yuan(trade.totalAmount()) + " with Alipay\">Pay</button></form>"
                + "<form method=\"post\" action=\"/page/cancel\">" + hidden
                + "<button type=\"submit\" aria-label=\"Cancel the payment\">Cancel</button></form>";
    }

    private void buyerButton(HttpExchange exchange, String action, Map<String, String> form) throws IOException {
        String outTradeNo = form.getOrDefault("out_trade_no", "");
        SimulatedAlipayTrade trade;
        try {
            trade = switch (action) {
                case "pay" -> trades.pay(outTradeNo);
                case "cancel" -> trades.decline(outTradeNo);
                default -> throw new NoSuchElementException("no button " + action);
            };
        } catch (NoSuchElementException | IllegalStateException e) {
            page(exchange, 409, "支付宝 - 错误", "<h1>Payment cannot go on</h1><p>" + html(e.getMessage()) + "</p>");
            return;
        }
        if (action.equals("pay") && trade.returnUrl() != null) {
            exchange.getResponseHeaders().set("Location", returnUrl(trade));
            send(exchange, 303, "text/plain; charset=utf-8", "");
            return;
        }
        page(exchange, 200, "支付宝", action.equals("pay") ? "<h1>Paid</h1><p>You paid ¥" + AlipayTrades.yuan(trade.totalAmount()) + ".</p>"
                : "<h1>Payment cancelled</h1>");
    }

    /** The return URL with Alipay's signed synchronous parameters, as the browser gets it after paying. */
    private String returnUrl(SimulatedAlipayTrade trade) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("charset", "utf-8");
        params.put("out_trade_no", trade.outTradeNo());
        params.put("method", "alipay.trade.page.pay.return");
        params.put("total_amount", AlipayTrades.yuan(trade.totalAmount()));
        params.put("trade_no", trade.tradeNo());
        params.put("auth_app_id", config.appId());
        params.put("version", "1.0");
        params.put("app_id", config.appId());
        params.put("sign_type", "RSA2");
        params.put("seller_id", config.sellerId());
        params.put("timestamp", AlipayTrades.TIME.format(clock.instant().atZone(AlipayTrades.BEIJING)));
        params.put("sign", AlipaySigning.sign(AlipaySigning.content(params, Set.of("sign", "sign_type")), alipayPrivateKey));
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return trade.returnUrl() + (trade.returnUrl().contains("?") ? "&" : "?") + query;
    }

    // ---- the test customer

    private void customer(HttpExchange exchange, String action, Map<String, String> query, Map<String, String> form) throws IOException {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.putAll(form);
        String which = params.getOrDefault("out_trade_no", params.get("qr_code"));
        if (which == null) {
            json(exchange, 400, mapper.createObjectNode().put("error", "give out_trade_no or qr_code"));
            return;
        }
        try {
            SimulatedAlipayTrade trade = switch (action) {
                case "scan" -> trades.scan(which);
                case "pay" -> trades.pay(which);
                case "decline" -> trades.decline(which);
                default -> throw new NoSuchElementException("no customer action " + action + "; actions: scan, pay, decline");
            };
            json(exchange, 200, mapper.valueToTree(trade));
        } catch (NoSuchElementException e) {
            json(exchange, 404, mapper.createObjectNode().put("error", e.getMessage()));
        } catch (IllegalStateException e) {
            json(exchange, 409, mapper.createObjectNode().put("error", e.getMessage()));
        }
    }

    // ---- plumbing

    /** Query and form body merged; decoded with the {@code charset} parameter, else the Content-Type's, else UTF-8. */
    private static Map<String, String> parameters(String rawQuery, String rawBody, String contentType) {
        Charset charset = null;
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("charset=")) {
            charset = charset(contentType.substring(contentType.toLowerCase(java.util.Locale.ROOT).indexOf("charset=") + 8).split(";")[0].trim());
        }
        Map<String, String> params = new LinkedHashMap<>(form(rawQuery, charset));
        params.putAll(form(rawBody, charset));
        return params;
    }

    static Map<String, String> form(String raw, Charset given) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        String[] pairs = raw.split("&");
        Charset charset = given;
        for (String pair : pairs) {
            if (pair.startsWith("charset=")) {
                charset = charset(URLDecoder.decode(pair.substring(8), StandardCharsets.ISO_8859_1));
            }
        }
        if (charset == null) {
            charset = StandardCharsets.UTF_8;
        }
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (pair.isEmpty()) {
                continue;
            }
            try {
                // the raw text holds the bytes as ISO-8859-1 chars: turn them back into bytes, then decode
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), charset);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), charset);
                params.put(name, value);
            } catch (IllegalArgumentException e) {
                // a malformed pair is left out, as the gateway would not read it either
            }
        }
        return params;
    }

    private static String decode(String raw, Charset charset) {
        String bytesAsText = URLDecoder.decode(raw, StandardCharsets.ISO_8859_1);
        return new String(bytesAsText.getBytes(StandardCharsets.ISO_8859_1), charset);
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private void page(HttpExchange exchange, int status, String title, String content) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>"
                + html(title) + "</title></head><body><main>" + content + "</main></body></html>");
    }

    private void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", mapper.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String html(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
