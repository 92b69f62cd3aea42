package dev.checkout.statistics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.checkout.application.RecordOrderChange;
import dev.checkout.aws.dynamodb.StreamImages;
import dev.checkout.aws.lambda.DynamoDbStreamBatch;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.StatisticsAdapters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The table's DynamoDB stream (NEW_AND_OLD_IMAGES): each change of an order item counted into the statistics
 * ({@link RecordOrderChange}), once per record's {@code eventID} however often the record is delivered. Records
 * of other items are skipped. Output: {@code {"batchItemFailures": [...]}}, naming the first record that failed
 * (Lambda retries from it; see {@link DynamoDbStreamBatch}).
 */
public final class OrderStatisticsHandler implements RequestStreamHandler {
    private final RecordOrderChange recordOrderChange;

    public OrderStatisticsHandler() {
        this(FunctionEnvironment.system());
    }

    public OrderStatisticsHandler(FunctionEnvironment env) {
        this(new StatisticsAdapters(env).recordOrderChange());
    }

    OrderStatisticsHandler(RecordOrderChange recordOrderChange) {
        this.recordOrderChange = recordOrderChange;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        DynamoDbStreamBatch.process(input, output, context, record -> {
            if (StreamImages.isOrder(record.keys())) {
                recordOrderChange.record(record.eventId(), StreamImages.order(record.oldImage()), StreamImages.order(record.newImage()));
            }
        });
    }
}
