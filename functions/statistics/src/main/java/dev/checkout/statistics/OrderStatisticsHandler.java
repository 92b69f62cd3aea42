package dev.checkout.statistics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.checkout.application.RecordOrderChange;
import dev.checkout.application.RecordOrderChange.ChangeRecord;
import dev.checkout.aws.dynamodb.StreamImages;
import dev.checkout.aws.lambda.DynamoDbStreamBatch;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.StatisticsAdapters;
import dev.checkout.domain.StatisticsNotCountedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The table's DynamoDB stream (NEW_AND_OLD_IMAGES): the changes of order items in a batch counted into the
 * statistics together ({@link RecordOrderChange#recordAll}), once per record's {@code eventID} however often the
 * record is delivered. Records of other items are skipped. Output: {@code {"batchItemFailures": [...]}}, naming the
 * first record not counted: the first of the write that failed, or a record that could not be read (Lambda
 * retries from it; see {@link DynamoDbStreamBatch}).
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
        DynamoDbStreamBatch.processAll(input, output, context,
                record -> StreamImages.isOrder(record.keys())
                        ? Optional.of(new ChangeRecord(record.eventId(), StreamImages.order(record.oldImage()), StreamImages.order(record.newImage())))
                        : Optional.empty(),
                changes -> {
                    try {
                        recordOrderChange.recordAll(changes);
                    } catch (StatisticsNotCountedException e) {
                        throw new DynamoDbStreamBatch.FailedFrom(e.firstUncounted(), e);
                    }
                });
    }
}
