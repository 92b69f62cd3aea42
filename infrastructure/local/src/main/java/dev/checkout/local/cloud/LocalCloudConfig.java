package dev.checkout.local.cloud;

import dev.checkout.local.services.ItemLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the local cloud listens and how it runs. It listens on the loopback interface only:
 * {@code host} must be an IPv4 loopback address ({@code 127.0.0.1}, the default) or
 * {@code localhost}, since nothing it serves is authenticated beyond the API's local JWTs. Every
 * port can be set by a flag ({@code --api-port=3000}) or an environment variable
 * ({@code LOCAL_CLOUD_API_PORT=3000}); 0 picks a free port (what tests do). {@code webPort} serves the shop's site. {@code quickProvider} gives the payment-provider simulator its test delays (fast
 * webhook retries and refund settling, short held timeouts) instead of Stripe-like ones. {@code dynamoDbItemLimits},
 * when set, makes DynamoDB Local refuse what AWS refuses past one item's throughput ({@link ItemLimits}); off by default.
 */
public record LocalCloudConfig(
        String host,
        int apiPort,
        int dynamoDbPort,
        int sqsPort,
        int stepFunctionsPort,
        int paymentProviderPort,
        boolean manualClock,
        boolean quickProvider,
        boolean seedCatalog,
        Path projectDir,
        Path infoFile,
        Map<String, String> parameterOverrides,
        int webPort,
        ItemLimits dynamoDbItemLimits) {

    public LocalCloudConfig {
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("--host must be a loopback address (127.0.0.1 or another 127.x.y.z, or localhost), was '" + host + "'");
        }
    }

    /** Without the shop site's port: it takes a free one. */
    public LocalCloudConfig(String host, int apiPort, int dynamoDbPort, int sqsPort, int stepFunctionsPort, int paymentProviderPort,
            boolean manualClock, boolean quickProvider, boolean seedCatalog, Path projectDir, Path infoFile, Map<String, String> parameterOverrides) {
        this(host, apiPort, dynamoDbPort, sqsPort, stepFunctionsPort, paymentProviderPort, manualClock, quickProvider, seedCatalog, projectDir,
                infoFile, parameterOverrides, 0, null);
    }

    /** Only address literals and {@code localhost} are taken, so that nothing is looked up. */
    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static LocalCloudConfig defaults(Path projectDir) {
        return new LocalCloudConfig("127.0.0.1", 3000, 8000, 9324, 8083, 12111, false, false, true, projectDir,
                projectDir.resolve("infrastructure/local/target/local-cloud.json"), Map.of(), 3001, null);
    }

    /** Free ports, a manual clock, no demo catalog, no info file: for tests that embed the local cloud. */
    public static LocalCloudConfig forTests(Path projectDir) {
        return new LocalCloudConfig("127.0.0.1", 0, 0, 0, 0, 0, true, true, false, projectDir, null, Map.of());
    }

    /**
     * Free ports and the system clock, so the workflow's retries and payment window run in real time, with the
     * provider simulator's short delays (webhook retries, refund settling, held timeouts): for load and fault runs.
     */
    public static LocalCloudConfig forLoad(Path projectDir) {
        return new LocalCloudConfig("127.0.0.1", 0, 0, 0, 0, 0, false, true, false, projectDir, null, Map.of());
    }

    public LocalCloudConfig withParameter(String name, String value) {
        var overrides = new HashMap<>(parameterOverrides);
        overrides.put(name, value);
        return new LocalCloudConfig(host, apiPort, dynamoDbPort, sqsPort, stepFunctionsPort, paymentProviderPort, manualClock, quickProvider,
                seedCatalog, projectDir, infoFile, Map.copyOf(overrides), webPort, dynamoDbItemLimits);
    }

    /** With DynamoDB's per-item throughput enforced at {@code limits} ({@code null}: off). */
    public LocalCloudConfig withDynamoDbItemLimits(ItemLimits limits) {
        return new LocalCloudConfig(host, apiPort, dynamoDbPort, sqsPort, stepFunctionsPort, paymentProviderPort, manualClock, quickProvider,
                seedCatalog, projectDir, infoFile, parameterOverrides, webPort, limits);
    }

    static LocalCloudConfig parse(String[] args, Map<String, String> env, Path projectDir) {
        var flags = new HashMap<String, String>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage());
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option '--" + name + "'\n" + usage());
            }
            flags.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
        }
        LocalCloudConfig d = defaults(projectDir);
        var overrides = new HashMap<String, String>();
        String window = setting(flags, env, "payment-window-seconds", null);
        if (window != null) {
            overrides.put("PaymentWindowSeconds", window);
        }
        return new LocalCloudConfig(
                setting(flags, env, "host", d.host()),
                port(flags, env, "api-port", d.apiPort()),
                port(flags, env, "dynamodb-port", d.dynamoDbPort()),
                port(flags, env, "sqs-port", d.sqsPort()),
                port(flags, env, "stepfunctions-port", d.stepFunctionsPort()),
                port(flags, env, "payment-provider-port", d.paymentProviderPort()),
                Boolean.parseBoolean(setting(flags, env, "manual-clock", "false")),
                Boolean.parseBoolean(setting(flags, env, "manual-clock", "false")),
                !Boolean.parseBoolean(setting(flags, env, "no-seed", "false")),
                projectDir,
                d.infoFile(),
                Map.copyOf(overrides),
                port(flags, env, "web-port", d.webPort()),
                itemLimits(setting(flags, env, "dynamodb-item-limits", null)));
    }

    private static ItemLimits itemLimits(String value) {
        if (value == null || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return ItemLimits.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dynamodb-item-limits: " + e.getMessage());
        }
    }

    private static final Set<String> OPTIONS = Set.of("host", "api-port", "dynamodb-port", "sqs-port", "stepfunctions-port",
            "payment-provider-port", "web-port", "payment-window-seconds", "manual-clock", "no-seed", "dynamodb-item-limits");

    private static String setting(Map<String, String> flags, Map<String, String> env, String name, String fallback) {
        String fromFlag = flags.get(name);
        if (fromFlag != null) {
            return fromFlag;
        }
        String fromEnv = env.get("LOCAL_CLOUD_" + name.toUpperCase().replace('-', '_'));
        return fromEnv != null ? fromEnv : fallback;
    }

    private static int port(Map<String, String> flags, Map<String, String> env, String name, int fallback) {
        String value = setting(flags, env, name, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("--" + name + " must be a port number, was '" + value + "'");
    }

    static String usage() {
        return """
                usage: java -jar infrastructure/local/target/local-cloud.jar [options]
                  --host=127.0.0.1               loopback address to listen on: 127.x.y.z or localhost (env LOCAL_CLOUD_HOST)
                  --api-port=3000                HTTP API (env LOCAL_CLOUD_API_PORT)
                  --dynamodb-port=8000           DynamoDB Local (env LOCAL_CLOUD_DYNAMODB_PORT)
                  --sqs-port=9324                ElasticMQ (env LOCAL_CLOUD_SQS_PORT)
                  --stepfunctions-port=8083      Step Functions API (env LOCAL_CLOUD_STEPFUNCTIONS_PORT)
                  --payment-provider-port=12111  payment-provider simulator (env LOCAL_CLOUD_PAYMENT_PROVIDER_PORT)
                  --web-port=3001                the shop and operations console in the browser (env LOCAL_CLOUD_WEB_PORT)
                  --payment-window-seconds=900   the workflow's payment window
                  --manual-clock                 the workflow clock moves only through POST /_local/clock?advance=SECONDS
                  --no-seed                      start with an empty catalog
                  --dynamodb-item-limits[=aws]   DynamoDB's per-item throughput, 1,000 write and 3,000 read units a second
                                                 per item, throttled as AWS does; =W,R sets other units a second, e.g. =50,150
                                                 to meet the limits at a laptop's rates (env LOCAL_CLOUD_DYNAMODB_ITEM_LIMITS)
                """;
    }
}
