package dev.checkout.aws.logging;

import com.amazonaws.services.lambda.runtime.Context;
import dev.checkout.domain.Text;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the current invocation is about, added to every log line written on its thread: the function, the
 * request id and, where known, the order, payment and event ids. A handler sets it when it starts working
 * on a request or message and {@link #clear()}s it when done; values set to null are dropped.
 */
public final class LogContext {
    public static final String FUNCTION = "function";
    public static final String REQUEST_ID = "requestId";
    public static final String ORDER_ID = "orderId";
    public static final String PAYMENT_ID = "paymentId";
    public static final String EVENT_ID = "eventId";
    public static final String MESSAGE_ID = "messageId";

    private static final ThreadLocal<Map<String, String>> FIELDS = ThreadLocal.withInitial(LinkedHashMap::new);

    private LogContext() {
    }

    /**
     * Starts an invocation's context: the function's name and {@code requestId} (Lambda's request id when
     * null), from Lambda's context; without one (a test, a local run), the function named by
     * {@code AWS_LAMBDA_FUNCTION_NAME} if set.
     */
    public static void begin(Context context, String requestId) {
        FIELDS.get().clear();
        String function = context != null ? context.getFunctionName() : System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        put(FUNCTION, function);
        put(REQUEST_ID, requestId != null ? requestId : context != null ? context.getAwsRequestId() : null);
    }

    /** An invocation's work, which reads its input and writes its output. */
    @FunctionalInterface
    public interface Invocation {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} as one invocation: its context {@link #begin begun} from Lambda's context (the
     * request id Lambda's), and cleared after, however the work ends.
     */
    public static void during(Context context, Invocation work) throws IOException {
        begin(context, null);
        try {
            work.run();
        } finally {
            clear();
        }
    }

    /**
     * Adds (or, with null, removes) one field for the lines that follow on this thread. A value that is not
     * valid Unicode (from a request that is about to be refused for it) is kept out of the logs.
     */
    public static void put(String field, String value) {
        if (value == null || value.isEmpty()) {
            FIELDS.get().remove(field);
        } else {
            FIELDS.get().put(field, Text.isValid(value) ? value : "(not valid Unicode)");
        }
    }

    /** Puts back the fields {@link #fields()} returned, e.g. once one message of a batch is done. */
    public static void restore(Map<String, String> fields) {
        FIELDS.get().clear();
        FIELDS.get().putAll(fields);
    }

    /** Ends the invocation's context: no field is left for the next one on this thread. */
    public static void clear() {
        FIELDS.get().clear();
    }

    /** The fields now in force, in the order they were added. */
    public static Map<String, String> fields() {
        return new LinkedHashMap<>(FIELDS.get());
    }

    static Map<String, String> orderedFields() {
        return new LinkedHashMap<>(FIELDS.get());
    }
}
