package dev.checkout.statistics;

import dev.checkout.application.ViewStatistics;
import dev.checkout.aws.lambda.HttpFunction;
import dev.checkout.aws.lambda.HttpRequest;
import dev.checkout.aws.lambda.HttpResponse;
import dev.checkout.aws.lambda.StatisticsJson;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.StatisticsAdapters;

/**
 * {@code GET /statistics?from=YYYY-MM-DD&to=YYYY-MM-DD}, admins only (403 otherwise): per day of the range (at
 * most 92, 400 beyond or for a bad day), orders placed, paid, cancelled and rejected, conversion, revenue and
 * refunds, each also per platform; their totals; orders by current status. Read from the counters the stream
 * keeps, summing their shards: BatchGetItems of at most 100 keys (17 a day, 17 for the status totals), never a scan.
 */
public final class StatisticsQueryHandler extends HttpFunction {
    private final ViewStatistics statistics;

    public StatisticsQueryHandler() {
        this(FunctionEnvironment.system());
    }

    public StatisticsQueryHandler(FunctionEnvironment env) {
        this(new StatisticsAdapters(env).viewStatistics());
    }

    StatisticsQueryHandler(ViewStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        var actor = request.requireCaller().actor();
        return HttpResponse.ok(StatisticsJson.report(statistics.report(actor, request.query("from").orElse(null), request.query("to").orElse(null))));
    }
}
