package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.PaymentSimulatorConfig;
import dev.checkout.local.payments.alipay.AlipaySimulator;
import dev.checkout.local.payments.alipay.AlipaySimulatorConfig;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulatorConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three payment platforms, simulated: Stripe's API, Alipay's gateway and WeChat Pay's API v3, each sending its
 * signed notifications to the local API's {@code /webhooks/<platform>}. The functions get the simulators' endpoints as
 * plain variables; the keys generated at start are the values of the template's secrets in the local Secrets Manager,
 * which each function reads by the ARNs the template passes it (on AWS the keys are the merchant's).
 */
record PaymentSimulators(PaymentSimulator stripe, AlipaySimulator alipay, WeChatPaySimulator wechatpay) {
    /** The platforms the local cloud takes payments with, unless its parameters say otherwise. */
    static final String PLATFORMS = "stripe,alipay,wechatpay";

    /** The template's parameters with the local cloud's platforms ({@code PaymentPlatforms}), unless they name theirs. */
    static Map<String, String> parameters(Map<String, String> overrides) {
        var parameters = new HashMap<>(overrides);
        parameters.putIfAbsent("PaymentPlatforms", PLATFORMS);
        return Map.copyOf(parameters);
    }

    /**
     * Starts the three on {@code host}: Stripe's on {@code stripePort}, Alipay's and WeChat Pay's on the next two ports
     * (any free port when it is 0). {@code quick} gives them test delays: notifications resent within milliseconds.
     */
    static PaymentSimulators start(LocalCloudConfig config, URI api, StartedParts started) {
        int port = config.paymentProviderPort();
        PaymentSimulator stripe = started.add(PaymentSimulator.start(
                (config.quickProvider() ? PaymentSimulatorConfig.forTests() : PaymentSimulatorConfig.defaults())
                        .withHost(config.host())
                        .withPort(port)
                        .withWebhookEndpoint(api.resolve("/webhooks/stripe"))));
        AlipaySimulator alipay = started.add(AlipaySimulator.start(
                (config.quickProvider() ? AlipaySimulatorConfig.forTests() : AlipaySimulatorConfig.defaults())
                        .withHost(config.host())
                        .withPort(port == 0 ? 0 : port + 1)));
        WeChatPaySimulator wechatpay = started.add(WeChatPaySimulator.start(
                (config.quickProvider() ? WeChatPaySimulatorConfig.forTests() : WeChatPaySimulatorConfig.defaults())
                        .withHost(config.host())
                        .withPort(port == 0 ? 0 : port + 2)));
        return new PaymentSimulators(stripe, alipay, wechatpay);
    }

    /**
     * What every function gets beyond the template's environment: the platforms' endpoints and settings. Their keys are not
     * here: the functions read them from the local Secrets Manager ({@link #secretValues()}), each only those its role may.
     */
    Map<String, String> functionSettings(URI api) {
        var settings = new LinkedHashMap<String, String>();
        settings.put("STRIPE_API_BASE", stripe.baseUrl());
        settings.put("ALIPAY_GATEWAY_URL", alipay.gatewayUrl());
        settings.put("ALIPAY_APP_ID", alipay.appId());
        settings.put("ALIPAY_SELLER_ID", alipay.sellerId());
        settings.put("ALIPAY_NOTIFY_URL", api.resolve("/webhooks/alipay").toString());
        settings.put("WECHATPAY_API_BASE", wechatpay.baseUrl().toString());
        settings.put("WECHATPAY_MCH_ID", wechatpay.mchId());
        settings.put("WECHATPAY_APP_ID", wechatpay.appId());
        settings.put("WECHATPAY_MCH_SERIAL", wechatpay.merchantSerialNumber());
        settings.put("WECHATPAY_NOTIFY_URL", api.resolve("/webhooks/wechatpay").toString());
        settings.put("WECHATPAY_PLATFORM_PUBLIC_KEY_ID", wechatpay.platformPublicKeyId());
        return settings;
    }

    /** The values of the template's payment secrets (by logical id), as a deployer puts them after the first deploy. */
    Map<String, String> secretValues() {
        return Map.of("StripeApiKeySecret", "sk_test_local_cloud",
                "StripeWebhookSigningSecret", stripe.webhookSecret(),
                "AlipayAppPrivateKeySecret", alipay.appPrivateKeyPem(),
                "AlipayPublicKeySecret", alipay.alipayPublicKeyPem(),
                "WeChatPayMerchantPrivateKeySecret", wechatpay.merchantPrivateKeyPem(),
                "WeChatPayApiV3KeySecret", wechatpay.apiV3Key(),
                "WeChatPayPlatformPublicKeySecret", wechatpay.platformPublicKeyPem());
    }

    /** For local-cloud.json: each simulator's endpoint and the merchant's settings and keys it generated. */
    void describe(ObjectNode info) {
        info.put("alipay", alipay.baseUrl());
        info.put("wechatpay", wechatpay.baseUrl().toString());
        ObjectNode platforms = info.putObject("paymentPlatforms");
        platforms.putObject("stripe").put("api", stripe.baseUrl()).put("webhookSecret", stripe.webhookSecret());
        platforms.putObject("alipay").put("gateway", alipay.gatewayUrl()).put("customer", alipay.baseUrl() + "/customer")
                .put("appId", alipay.appId()).put("sellerId", alipay.sellerId())
                .put("appPrivateKey", alipay.appPrivateKeyPem()).put("alipayPublicKey", alipay.alipayPublicKeyPem());
        platforms.putObject("wechatpay").put("api", wechatpay.baseUrl().toString()).put("customer", wechatpay.baseUrl() + "/customer")
                .put("mchId", wechatpay.mchId()).put("appId", wechatpay.appId()).put("merchantSerial", wechatpay.merchantSerialNumber())
                .put("merchantPrivateKey", wechatpay.merchantPrivateKeyPem()).put("apiV3Key", wechatpay.apiV3Key())
                .put("platformPublicKeyId", wechatpay.platformPublicKeyId()).put("platformPublicKey", wechatpay.platformPublicKeyPem());
    }

    void listeners(Map<String, InetSocketAddress> listeners) {
        listeners.put("paymentProvider", stripe.boundAddress());
        listeners.put("alipay", alipay.boundAddress());
        listeners.put("wechatpay", wechatpay.boundAddress());
    }
}
