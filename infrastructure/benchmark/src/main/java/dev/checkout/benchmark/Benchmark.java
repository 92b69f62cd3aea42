package dev.checkout.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.services.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The performance benchmark. Starts a local cloud in this JVM (free ports, demo catalog), then
 * measures: each function's jar size; init and first invoke of each function in fresh JVMs, with the
 * template's JVM options and with the JVM's defaults, next to a baseline built the SDK's default way;
 * the AWS requests and the cost of one checkout; end-to-end throughput with 1, 4 and 16 clients. It
 * prints a table and writes the figures to {@code infrastructure/benchmark/target/benchmark.json}.
 * It prints figures only: nothing here passes or fails on a number.
 */
public final class Benchmark {
    static final String BASELINE = "Baseline";
    /** The function whose GET /products/{sku} route the baseline implements. */
    static final String ORDERS_API = "OrdersApiFunction";
    /** orders-api's jar running only the SDK work of that route ({@link dev.checkout.benchmark.probe.SdkFloorHandler}). */
    static final String SDK_FLOOR = "OrdersApiSdkFloor";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MB = 1024.0 * 1024.0;

    private Benchmark() {
    }

    public static void main(String[] args) {
        Path projectDir = LocalCloud.projectRoot();
        BenchmarkConfig config;
        try {
            config = BenchmarkConfig.parse(args, projectDir);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ObjectNode figures = run(config, projectDir, System.out);
        System.out.println();
        System.out.println("figures written to " + config.output() + (figures.path("complete").asBoolean() ? "" : " (incomplete)"));
        System.exit(0);
    }

    /** A function of the template (or the baseline): its module, jar and handler. */
    record Function(String logicalId, String module, Path jar, String handlerClass, int memoryMb) {
    }

    /** Runs every measurement the config asks for; prints as it goes; returns (and writes) the figures. */
    static ObjectNode run(BenchmarkConfig config, Path projectDir, PrintStream out) {
        if (config.flashSaleOnly()) {
            ObjectNode figures = JSON.createObjectNode();
            try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forLoad(projectDir))) {
                reportFlashSale(cloud, new ShopClient(cloud.apiEndpoint()), figures, out);
            }
            figures.put("complete", true);
            write(config.output(), figures);
            return figures;
        }
        SamTemplate template = SamTemplate.load(projectDir.resolve("infrastructure/template.yaml"));
        List<Function> functions = functions(template);
        Function baseline = new Function(BASELINE, "baseline-function", projectDir.resolve("infrastructure/benchmark/baseline-function/target/baseline-function.jar"),
                "dev.checkout.benchmark.baseline.BaselineProductHandler", functions.get(0).memoryMb());
        List<String> templateOptions = javaToolOptions(template);
        for (Function f : concat(functions, baseline)) {
            if (!Files.isRegularFile(f.jar())) {
                throw new IllegalStateException("missing " + f.jar() + ": build first with ./mvnw -q -DskipTests package");
            }
        }
        ObjectNode figures = JSON.createObjectNode();
        figures.put("complete", false);
        ObjectNode machine = figures.putObject("machine");
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        ObjectNode settings = figures.putObject("settings");
        settings.put("runs", config.runs());
        settings.put("warmInvokes", config.warmInvokes());
        settings.put("costCheckouts", config.costCheckouts());
        settings.putPOJO("templateJvmOptions", templateOptions);

        out.println("== function jars (target: every jar <= 8 MB)");
        ArrayNode jars = figures.putArray("jars");
        var seen = new java.util.HashSet<String>();
        for (Function f : concat(functions, baseline)) {
            if (!seen.add(f.module())) {
                continue;
            }
            long bytes = size(f.jar());
            out.printf("  %-20s %,12d bytes %7.2f MB%s%n", f.module(), bytes, bytes / MB, bytes > 8 * MB ? "   over 8 MB" : "");
            jars.addObject().put("function", f.module()).put("bytes", bytes).put("megabytes", round(bytes / MB, 2))
                    .put("baseline", f == baseline);
        }
        write(config.output(), figures);

        Path work = config.output().getParent().resolve("benchmark-work");
        try (LocalCloud cloud = LocalCloud.start(new LocalCloudConfig("127.0.0.1", 0, 0, 0, 0, 0, false, false, true, projectDir, null, Map.of()))) {
            ShopClient api = new ShopClient(cloud.apiEndpoint());
            ProbeEvents events = ProbeEvents.prepare(cloud, api, projectDir.resolve("events"), webhookSecret(cloud));
            String sku = events.sku();

            Map<String, FunctionStartup.Result> startup = startup(config, cloud, functions, baseline, templateOptions, events, work, out, figures);
            write(config.output(), figures);

            if (!config.startupOnly()) {
                CheckoutCost.Result cost = CheckoutCost.measure(cloud, api, cloud.token("alice"), sku, config.costCheckouts());
                reportCost(cost, functions, startup, figures, out);
                write(config.output(), figures);

                // The same checkout paid on each platform, the wallet customer paying through the platform's simulator.
                String yuanSku = "BENCH-CNY-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
                api.putProduct(cloud.token("admin"), yuanSku, 8800, "CNY", 100_000_000L);
                var byWay = new LinkedHashMap<CheckoutCost.Way, CheckoutCost.Result>();
                byWay.put(CheckoutCost.Way.STRIPE_CARD, cost);
                for (CheckoutCost.Way way : List.of(CheckoutCost.Way.ALIPAY_QR, CheckoutCost.Way.WECHATPAY_NATIVE)) {
                    byWay.put(way, CheckoutCost.measure(cloud, api, cloud.token("alice"), yuanSku, config.costCheckouts(), way));
                }
                reportCostByPlatform(byWay, functions, startup, figures, out);
                write(config.output(), figures);

                reportThroughput(config, cloud, api, sku, figures, out);
                if (config.flashSale()) {
                    write(config.output(), figures);
                    reportFlashSale(cloud, api, figures, out);
                }
            }
        }
        figures.put("complete", true);
        write(config.output(), figures);
        return figures;
    }

    private static Map<String, FunctionStartup.Result> startup(BenchmarkConfig config, LocalCloud cloud, List<Function> functions, Function baseline,
                                                              List<String> templateOptions, ProbeEvents events, Path work, PrintStream out,
                                                              ObjectNode figures) {
        FunctionStartup probe = new FunctionStartup(work);
        Map<String, String> baselineEnvironment = cloud.functionEnvironment(ORDERS_API);
        var variants = new ArrayList<FunctionStartup.Variant>();
        variants.add(new FunctionStartup.Variant("template", templateOptions));
        if (!config.templateOnly()) {
            variants.add(new FunctionStartup.Variant("jvm-default", List.of()));
        }
        out.printf("%n== init + first invoke in a fresh JVM against the local cloud (%d runs each, interleaved; warm: %d invokes after the first)%n",
                config.runs(), config.warmInvokes());
        out.printf("   each function's jar unzipped into a directory, as Lambda unzips it into /var/task; template JVM options: %s; jvm-default: none%n",
                String.join(" ", templateOptions));
        ArrayNode rows = figures.putArray("startup");
        var subjects = new ArrayList<FunctionStartup.Subject>();
        var measured = new ArrayList<Function>();
        List<Function> compared = withSdkFloor(selected(functions, config), baseline);
        for (Function f : compared) {
            Optional<String> event = events.forFunction(f.logicalId());
            if (event.isEmpty()) {
                continue;
            }
            Map<String, String> environment = f == baseline || f.logicalId().equals(SDK_FLOOR) ? baselineEnvironment : cloud.functionEnvironment(f.logicalId());
            subjects.add(new FunctionStartup.Subject(f.logicalId(), f.jar(), f.handlerClass(), () -> events.forFunction(f.logicalId()).orElseThrow(), environment));
            measured.add(f);
        }
        Map<String, Map<String, FunctionStartup.Result>> results = probe.measure(subjects, variants, config.runs(), config.warmInvokes());

        out.printf("  %-26s %-12s %26s %9s %10s %10s %12s %8s %17s%n", "function", "jvm options", "init+first ms med (min-max)", "/baseline",
                "init ms", "first ms", "process ms", "classes", "warm ms p50/p99");
        var templateResults = new LinkedHashMap<String, FunctionStartup.Result>();
        for (Function f : compared) {
            if (!measured.contains(f)) {
                out.printf("  %-26s (no probe event for this function yet)%n", f.logicalId());
                rows.addObject().put("function", f.logicalId()).put("jar", f.module()).put("measured", false);
                continue;
            }
            for (var variant : variants) {
                FunctionStartup.Result result = results.get(f.logicalId()).get(variant.name());
                FunctionStartup.Result base = results.get(BASELINE).get(variant.name());
                if (variant.name().equals("template")) {
                    templateResults.put(f.logicalId(), result);
                }
                Stats total = result.initPlusFirstMs();
                double ratio = total.median() / base.initPlusFirstMs().median();
                out.printf("  %-26s %-12s %8.0f (%5.0f-%6.0f) %9.2f %10.0f %10.0f %12.0f %8.0f %8.1f/%-8.1f%s%n", f.logicalId(), variant.name(),
                        total.median(), total.min(), total.max(), ratio, result.initMs().median(), result.firstInvokeMs().median(),
                        result.processMs().median(), result.loadedClasses().median(), result.warmMs().median(), result.warmMs().p99(),
                        result.allOk() ? "" : "  (an invoke did not succeed: see " + work.resolve("probe-logs") + ")");
                ObjectNode row = rows.addObject();
                row.put("function", f.logicalId()).put("jar", f.module()).put("measured", true).put("baseline", f == baseline).put("jvmOptions", variant.name());
                row.put("runs", result.runs().size()).put("allInvokesSucceeded", result.allOk());
                row.put("initPlusFirstInvokeVersusBaseline", round(ratio, 3));
                stats(row.putObject("initPlusFirstInvokeMs"), total);
                stats(row.putObject("initMs"), result.initMs());
                stats(row.putObject("firstInvokeMs"), result.firstInvokeMs());
                stats(row.putObject("processWallMs"), result.processMs());
                stats(row.putObject("loadedClassesAfterFirstInvoke"), result.loadedClasses());
                stats(row.putObject("warmInvokeMs"), result.warmMs());
            }
        }
        FunctionStartup.Result ours = templateResults.get(ORDERS_API);
        FunctionStartup.Result base = templateResults.get(BASELINE);
        if (ours != null && base != null) {
            double timeRatio = ours.initPlusFirstMs().median() / base.initPlusFirstMs().median();
            double sizeRatio = (double) size(functions.stream().filter(f -> f.logicalId().equals(ORDERS_API)).findFirst().orElseThrow().jar()) / size(baseline.jar());
            out.printf("%n  orders-api / baseline (GET /products/{sku}, template JVM options): init+first invoke %.2f (target <= 0.50)%s, jar size %.2f%n",
                    timeRatio, timeRatio <= 0.5 ? "" : " MISSED", sizeRatio);
            Stats perRound = ours.initPlusFirstRatioPerRound(base);
            out.printf("  the same ratio round by round (both ran in each of the %d rounds): median %.2f (%.2f-%.2f)%n",
                    perRound.count(), perRound.median(), perRound.min(), perRound.max());
            ObjectNode versus = figures.putObject("versusBaseline").put("function", "orders-api").put("route", "GET /products/{sku}")
                    .put("initPlusFirstInvokeRatio", round(timeRatio, 3)).put("jarSizeRatio", round(sizeRatio, 3)).put("target", 0.5);
            stats(versus.putObject("initPlusFirstInvokeRatioPerRound"), perRound);
            FunctionStartup.Result floor = templateResults.get(SDK_FLOOR);
            if (floor != null) {
                double floorRatio = floor.initPlusFirstMs().median() / base.initPlusFirstMs().median();
                out.printf("  the SDK's share alone (%s: orders-api's jar, its DynamoDB client and the route's Query, nothing else): %.2f of the baseline%n",
                        SDK_FLOOR, floorRatio);
                versus.put("sdkFloorRatio", round(floorRatio, 3));
            }
        }
        return templateResults;
    }

    private static void reportCost(CheckoutCost.Result cost, List<Function> functions, Map<String, FunctionStartup.Result> startup,
                                   ObjectNode figures, PrintStream out) {
        out.printf("%n== one happy-path checkout (pm_card_visa), averaged over %d%n", cost.checkouts());
        out.printf("  DynamoDB calls        %.2f (target <= 6)%s  %s%n", cost.dynamoDbCallTotal(), cost.dynamoDbCallTotal() <= 6 ? "" : " MISSED", compact(cost.dynamoDbCalls()));
        out.printf("    by function         %s%n", compact(cost.dynamoDbCallsByFunction()));
        out.printf("  DynamoDB capacity     %.2f read units, %.2f write units%n", cost.readUnits(), cost.writeUnits());
        out.printf("  SQS billed requests   %.2f  %s + receives that delivered messages (idle long polls not counted: %.1f during the run)%n",
                cost.sqsBilledRequests(), compact(cost.sqsRequests()), cost.sqsIdlePolls() * cost.checkouts());
        out.printf("  state transitions     %.2f (target <= 5)%s%n", cost.stateTransitions(), cost.stateTransitions() <= 5 ? "" : " MISSED");
        out.printf("  Step Functions API    %s (not billed; transitions are)%n", compact(cost.stepFunctionsApiCalls()));
        out.printf("  Lambda invocations    %.2f  %s%n", cost.invocationTotal(), compact(cost.invocations()));
        out.printf("  HTTP API requests     %.2f  (POST /orders + %.2f webhook deliveries; a client's status reads come on top)%n",
                cost.apiRequests(), cost.webhooks());

        ObjectNode node = figures.putObject("perCheckout");
        node.put("checkouts", cost.checkouts());
        node.putPOJO("dynamoDbCalls", cost.dynamoDbCalls());
        node.putPOJO("dynamoDbCallsByFunction", cost.dynamoDbCallsByFunction());
        node.put("dynamoDbCallTotal", round(cost.dynamoDbCallTotal(), 3));
        node.put("readRequestUnits", round(cost.readUnits(), 3));
        node.put("writeRequestUnits", round(cost.writeUnits(), 3));
        node.putPOJO("sqsCalls", cost.sqsRequests());
        node.put("sqsBilledRequests", round(cost.sqsBilledRequests(), 3));
        node.putPOJO("stepFunctionsApiCalls", cost.stepFunctionsApiCalls());
        node.put("stateTransitions", round(cost.stateTransitions(), 3));
        node.putPOJO("lambdaInvocations", cost.invocations());
        node.put("httpApiRequests", round(cost.apiRequests(), 3));
        node.put("webhookDeliveries", round(cost.webhooks(), 3));

        List<Object[]> lines = priceLines(cost, functions, startup, node.putObject("billedWarmMsPerInvocation"));
        out.printf("%n== cost per 1M checkouts, us-east-1 list prices taken %s (no free tiers; Stripe fees, logs, storage, data transfer not included)%n",
                AwsPrices.TAKEN_ON);
        ArrayNode costLines = figures.putArray("costPerMillionCheckouts");
        double total = 0;
        for (Object[] line : lines) {
            AwsPrices.Price price = (AwsPrices.Price) line[0];
            double unitsPerCheckout = (Double) line[1];
            double usd = unitsPerCheckout * price.usdPerMillion();
            total += usd;
            out.printf("  %-26s %10.3f %-24s x $%-8s per 1M = $%9.2f   [%s]%n", price.item(), unitsPerCheckout, price.unit(),
                    trim(price.usdPerMillion()), usd, price.source());
            costLines.addObject().put("item", price.item()).put("unitsPerCheckout", round(unitsPerCheckout, 4)).put("unit", price.unit())
                    .put("usdPerMillionUnits", price.usdPerMillion()).put("usd", round(usd, 2)).put("priceSource", price.source())
                    .put("priceTakenOn", AwsPrices.TAKEN_ON);
        }
        out.printf("  %-26s %73s $%9.2f%n", "total", "", total);
        figures.put("costPerMillionCheckoutsUsd", round(total, 2));
    }

    /**
     * What one checkout uses of each priced AWS item: {price, units per checkout}. Lambda duration: each invocation at
     * its function's measured warm p50 (template JVM options), rounded up to the millisecond as Lambda bills; functions
     * without a probe use the mean of the others. {@code durations} gets the milliseconds used per function.
     */
    private static List<Object[]> priceLines(CheckoutCost.Result cost, List<Function> functions, Map<String, FunctionStartup.Result> startup,
                                             ObjectNode durations) {
        double knownMs = startup.values().stream().filter(r -> !r.name().equals(BASELINE) && !r.name().equals(SDK_FLOOR)).mapToDouble(r -> Math.ceil(r.warmMs().median())).average().orElse(10);
        double gbSeconds = 0;
        for (var entry : cost.invocations().entrySet()) {
            Function f = functions.stream().filter(x -> x.logicalId().equals(entry.getKey())).findFirst().orElseThrow();
            FunctionStartup.Result measured = startup.get(f.logicalId());
            double ms = measured != null && measured.warmMs().count() > 0 ? Math.ceil(measured.warmMs().median()) : Math.ceil(knownMs);
            durations.put(entry.getKey(), ms);
            gbSeconds += entry.getValue() * ms / 1000.0 * f.memoryMb() / 1024.0;
        }
        var lines = new ArrayList<Object[]>();
        lines.add(new Object[] {AwsPrices.LAMBDA_REQUESTS, cost.invocationTotal()});
        lines.add(new Object[] {AwsPrices.LAMBDA_ARM_GB_SECONDS, gbSeconds});
        lines.add(new Object[] {AwsPrices.DYNAMODB_READ_REQUEST_UNITS, cost.readUnits()});
        lines.add(new Object[] {AwsPrices.DYNAMODB_WRITE_REQUEST_UNITS, cost.writeUnits()});
        lines.add(new Object[] {AwsPrices.SQS_REQUESTS, cost.sqsBilledRequests()});
        lines.add(new Object[] {AwsPrices.STATE_TRANSITIONS, cost.stateTransitions()});
        lines.add(new Object[] {AwsPrices.HTTP_API_REQUESTS, cost.apiRequests()});
        return lines;
    }

    /** One checkout per way to pay, side by side: the AWS requests it makes and its AWS cost per 1M checkouts. */
    static void reportCostByPlatform(Map<CheckoutCost.Way, CheckoutCost.Result> byWay, List<Function> functions,
                                             Map<String, FunctionStartup.Result> startup, ObjectNode figures, PrintStream out) {
        out.printf("%n== one checkout per platform (the wallet customer pays through the simulator), averaged over %d each%n",
                byWay.values().iterator().next().checkouts());
        var header = new StringBuilder(String.format("  %-28s", ""));
        byWay.keySet().forEach(way -> header.append(String.format(" %18s", way.label())));
        out.println(header);
        ObjectNode node = figures.putObject("perCheckoutByPlatform");
        var totals = new LinkedHashMap<CheckoutCost.Way, Double>();
        byWay.forEach((way, cost) -> {
            ObjectNode row = node.putObject(way.name().toLowerCase(java.util.Locale.ROOT));
            row.put("checkouts", cost.checkouts());
            row.put("dynamoDbCallTotal", round(cost.dynamoDbCallTotal(), 3));
            row.putPOJO("dynamoDbCalls", cost.dynamoDbCalls());
            row.putPOJO("dynamoDbCallsByFunction", cost.dynamoDbCallsByFunction());
            row.put("readRequestUnits", round(cost.readUnits(), 3));
            row.put("writeRequestUnits", round(cost.writeUnits(), 3));
            row.put("sqsBilledRequests", round(cost.sqsBilledRequests(), 3));
            row.put("stateTransitions", round(cost.stateTransitions(), 3));
            row.put("lambdaInvocationTotal", round(cost.invocationTotal(), 3));
            row.putPOJO("lambdaInvocations", cost.invocations());
            row.put("httpApiRequests", round(cost.apiRequests(), 3));
            row.put("webhookDeliveries", round(cost.webhooks(), 3));
            double usd = 0;
            for (Object[] line : priceLines(cost, functions, startup, row.putObject("billedWarmMsPerInvocation"))) {
                usd += (Double) line[1] * ((AwsPrices.Price) line[0]).usdPerMillion();
            }
            row.put("costPerMillionCheckoutsUsd", round(usd, 2));
            totals.put(way, usd);
        });
        sideBySide(out, "DynamoDB calls", byWay, CheckoutCost.Result::dynamoDbCallTotal);
        sideBySide(out, "DynamoDB read units", byWay, CheckoutCost.Result::readUnits);
        sideBySide(out, "DynamoDB write units", byWay, CheckoutCost.Result::writeUnits);
        sideBySide(out, "SQS billed requests", byWay, CheckoutCost.Result::sqsBilledRequests);
        sideBySide(out, "state transitions", byWay, CheckoutCost.Result::stateTransitions);
        sideBySide(out, "Lambda invocations", byWay, CheckoutCost.Result::invocationTotal);
        sideBySide(out, "HTTP API requests", byWay, CheckoutCost.Result::apiRequests);
        sideBySide(out, "  of which notifications", byWay, CheckoutCost.Result::webhooks);
        var cost = new StringBuilder(String.format("  %-28s", "AWS $ per 1M checkouts"));
        totals.values().forEach(usd -> cost.append(String.format(" %18.2f", usd)));
        out.println(cost);
        out.println("  (AWS list prices as above; the platforms' own fees are not included)");
        byWay.forEach((way, result) -> out.printf("  %-18s DynamoDB %s; by function %s%n", way.label(), compact(result.dynamoDbCalls()),
                compact(result.dynamoDbCallsByFunction())));
    }

    private static void sideBySide(PrintStream out, String name, Map<CheckoutCost.Way, CheckoutCost.Result> byWay,
                                   java.util.function.ToDoubleFunction<CheckoutCost.Result> figure) {
        var line = new StringBuilder(String.format("  %-28s", name));
        byWay.values().forEach(cost -> line.append(String.format(" %18.2f", figure.applyAsDouble(cost))));
        out.println(line);
    }

    private static void reportThroughput(BenchmarkConfig config, LocalCloud cloud, ShopClient api, String sku, ObjectNode figures, PrintStream out) {
        int maxClients = config.clientCounts().stream().mapToInt(Integer::intValue).max().orElse(1);
        var tokens = new ArrayList<String>();
        for (int i = 0; i < maxClients; i++) {
            tokens.add(cloud.issueToken("benchmark-client-" + i, false));
        }
        // Warm the local cloud's JIT before the first level, so level 1 is not a measure of compilation.
        Throughput.measure(cloud, api, tokens, sku, 2, Math.min(20, config.throughputCheckouts()), config.throughputDuration());
        out.printf("%n== local end-to-end throughput, POST /orders to PAID over loopback, one JVM on %d processors (at most %d checkouts or %d s per level)%n",
                Runtime.getRuntime().availableProcessors(), config.throughputCheckouts(), config.throughputDuration().toSeconds());
        out.printf("  %8s %10s %8s %14s %16s%n", "clients", "checkouts", "failed", "checkouts/s", "latency ms p50/p99");
        ArrayNode rows = figures.putArray("throughput");
        for (int clients : config.clientCounts()) {
            CheckoutCost.awaitQuiet(cloud);
            Throughput.Result r = Throughput.measure(cloud, api, tokens, sku, clients, config.throughputCheckouts(), config.throughputDuration());
            out.printf("  %8d %10d %8d %14.1f %9.0f/%-6.0f%n", r.clients(), r.checkouts(), r.failed(), r.checkoutsPerSecond(),
                    r.latencyMs().median(), r.latencyMs().p99());
            ObjectNode row = rows.addObject();
            row.put("clients", r.clients()).put("checkouts", r.checkouts()).put("failed", r.failed()).put("seconds", round(r.seconds(), 2))
                    .put("checkoutsPerSecond", round(r.checkoutsPerSecond(), 2));
            stats(row.putObject("latencyMs"), r.latencyMs());
        }
    }

    /** The secret the template's webhook receiver verifies Stripe signatures with, in this local cloud (its Secrets Manager holds it). */
    static String webhookSecret(LocalCloud cloud) {
        return cloud.paymentSimulator().webhookSecret();
    }

    static List<Function> functions(SamTemplate template) {
        Map<String, Object> globals = template.globals("Function");
        var functions = new ArrayList<Function>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> {
            String codeUri = String.valueOf(properties.get("CodeUri"));
            Path jar = template.directory().resolve(codeUri).normalize();
            String module = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            String handler = String.valueOf(properties.get("Handler"));
            int memory = Integer.parseInt(String.valueOf(properties.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128))));
            functions.add(new Function(id, module, jar, handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler, memory));
        });
        return functions;
    }

    static List<String> javaToolOptions(SamTemplate template) {
        Object environment = template.globals("Function").get("Environment");
        Object variables = environment == null ? null : SamTemplate.asMap(environment).get("Variables");
        Object options = variables == null ? null : SamTemplate.asMap(variables).get("JAVA_TOOL_OPTIONS");
        return options == null ? List.of() : Arrays.stream(String.valueOf(options).trim().split("\\s+")).toList();
    }

    private static List<Function> selected(List<Function> functions, BenchmarkConfig config) {
        return functions.stream().filter(f -> config.functions().isEmpty() || config.functions().contains(f.logicalId())).toList();
    }

    /** The functions to compare, then orders-api's SDK floor (when orders-api is among them), then the baseline. */
    private static List<Function> withSdkFloor(List<Function> functions, Function baseline) {
        var all = new ArrayList<>(functions);
        functions.stream().filter(f -> f.logicalId().equals(ORDERS_API)).findFirst().ifPresent(ordersApi -> all.add(
                new Function(SDK_FLOOR, ordersApi.module(), ordersApi.jar(), dev.checkout.benchmark.probe.SdkFloorHandler.class.getName(), ordersApi.memoryMb())));
        all.add(baseline);
        return all;
    }

    private static List<Function> concat(List<Function> functions, Function baseline) {
        var all = new ArrayList<>(functions);
        all.add(baseline);
        return all;
    }

    private static void stats(ObjectNode node, Stats stats) {
        node.put("count", stats.count()).put("min", round(stats.min(), 2)).put("median", round(stats.median(), 2))
                .put("p99", round(stats.p99(), 2)).put("max", round(stats.max(), 2));
    }

    private static String compact(Map<String, Double> values) {
        var parts = new ArrayList<String>();
        values.forEach((k, v) -> parts.add(k + " " + trim(round(v, 2))));
        return String.join(", ", parts);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The flash sale through the local cloud, one stock item against 16 shards ({@link LocalFlashSale}). */
    static void reportFlashSale(LocalCloud cloud, ShopClient api, ObjectNode figures, PrintStream out) {
        var results = new ArrayList<LocalFlashSale.Result>();
        for (int shards : List.of(1, 16)) {
            results.add(LocalFlashSale.run(cloud, api, LocalFlashSale.Scenario.benchmark(shards)));
        }
        reportFlashSale(results, figures, out);
    }

    static void reportFlashSale(List<LocalFlashSale.Result> results, ObjectNode figures, PrintStream out) {
        LocalFlashSale.Scenario first = results.get(0).scenario();
        out.printf("%n== flash sale through the local cloud's HTTP API: %,d buyers from %d clients for %,d units of one SKU, card payments,"
                        + " DynamoDB item limits %s (AWS's / %.0f)%n", first.buyers(), first.clients(), first.units(), first.limits(),
                1000 / first.limits().writeUnitsPerSecond());
        out.printf("  %-14s %6s %8s %8s %8s %9s %10s %11s %15s %15s %9s %9s %9s %10s%n", "design", "placed", "in s", "PAID", "REJECTED", "otherwise",
                "sell-out s", "reserv./s", "reserve ms p50/p99", "reject ms p50/p99", "throttles", "oversell", "conserved", "undersell");
        ArrayNode rows = figures.putArray("flashSaleLocal");
        for (LocalFlashSale.Result r : results) {
            long throttles = r.throttles().values().stream().mapToLong(Long::longValue).sum();
            String design = r.scenario().shards() == 1 ? "one stock item" : r.scenario().shards() + " shards";
            out.printf("  %-14s %6d %8.1f %8d %8d %9d %10.1f %11.1f %7.0f/%-7.0f %7.0f/%-7.0f %9d %9d %9s %10d%n", design, r.placed(),
                    r.placingSeconds(), r.paid(),
                    r.rejected(), r.otherwise(), r.sellOutSeconds(), r.reservationsPerSecond(), r.reserveMs().median(), r.reserveMs().p99(),
                    r.rejectMs().median(), r.rejectMs().p99(), throttles, r.oversell(), r.conserved() ? "yes" : "NO", r.undersell());
            ObjectNode row = rows.addObject();
            row.put("shards", r.scenario().shards()).put("buyers", r.scenario().buyers()).put("units", r.scenario().units())
                    .put("writeUnitsPerSecondPerItem", r.scenario().limits().writeUnitsPerSecond())
                    .put("readUnitsPerSecondPerItem", r.scenario().limits().readUnitsPerSecond())
                    .put("placed", r.placed()).put("refusedAtPlacing", r.refusedAtPlacing()).put("paid", r.paid()).put("rejected", r.rejected())
                    .put("otherwise", r.otherwise()).put("placingSeconds", round(r.placingSeconds(), 2))
                    .put("sellOutSeconds", round(r.sellOutSeconds(), 2)).put("reservationsPerSecond", round(r.reservationsPerSecond(), 1))
                    .put("available", r.available()).put("reserved", r.reserved()).put("sold", r.sold())
                    .put("oversell", r.oversell()).put("conserved", r.conserved()).put("undersell", r.undersell());
            stats(row.putObject("orderToReservedMs"), r.reserveMs());
            stats(row.putObject("orderToRejectedMs"), r.rejectMs());
            row.putPOJO("throttles", r.throttles());
        }
        out.println("  throttles by operation and reason: " + results.stream()
                .map(r -> (r.scenario().shards() == 1 ? "one item " : r.scenario().shards() + " shards ") + r.throttles()).toList());
    }

    private static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, Object content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content instanceof String s ? s : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
