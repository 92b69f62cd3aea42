package dev.checkout.reservestock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.ConfirmOrder;
import dev.checkout.application.ReleaseStock;
import dev.checkout.application.ReleaseStock.Outcome;
import dev.checkout.application.ReserveStock;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.logging.LogContext;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Clock;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

/**
 * Step Functions task for the checkout's stock steps (ReserveStock, ConfirmOrder, RejectOrder,
 * ReleaseAndCancel, CancelAfterPayment). Input {@code {"action": "reserve"|"release"|"commit",
 * "orderId", "lines" (reserve, commit), "payment" (commit: the payment step's result),
 * "outcome": "REJECTED"|"CANCELLED" (release), "reason" (release)}}; without lines and payment (an
 * execution started by an earlier version) the order is read. Output
 * {@code {"orderId", "action", "outcome"}}. Every action is safe to repeat.
 * Errors (the workflow's Retry / Catch match these names): {@code dev.checkout.domain.OutOfStockException},
 * {@code dev.checkout.domain.StateConflictException}, {@code dev.checkout.domain.StorageUnavailableException},
 * {@code dev.checkout.domain.VersionConflictException}.
 */
public final class ReserveStockHandler implements RequestStreamHandler {
    /** The order's reason when the checkout failed with an error no step names. */
    static final String UNNAMED_FAILURE = "CHECKOUT_FAILED";
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final ReserveStock reserveStock;
    private final ReleaseStock releaseStock;
    private final ConfirmOrder confirmOrder;
    private final Clock clock;

    public ReserveStockHandler() {
        this(FunctionEnvironment.system());
    }

    public ReserveStockHandler(FunctionEnvironment env) {
        this(new CheckoutAdapters(env));
    }

    private ReserveStockHandler(CheckoutAdapters adapters) {
        this(adapters.reserveStock(), adapters.releaseStock(), adapters.confirmOrder(), adapters.clock());
    }

    ReserveStockHandler(ReserveStock reserveStock, ReleaseStock releaseStock, ConfirmOrder confirmOrder, Clock clock) {
        this.reserveStock = reserveStock;
        this.releaseStock = releaseStock;
        this.confirmOrder = confirmOrder;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.during(context, () -> handle(input, output));
    }

    private void handle(InputStream input, OutputStream output) throws IOException {
        JsonNode task = Json.read(input);
        String action = task.path("action").asText("");
        OrderId orderId = OrderId.of(task.path("orderId").asText(""));
        LogContext.put(LogContext.ORDER_ID, orderId.value());
        ReservationOutcome outcome = switch (action) {
            case "reserve" -> reserveStock.reserve(orderId, CheckoutState.lines(task.get("lines")));
            case "release" -> releaseStock.release(orderId, outcome(task.path("outcome").asText("")), reason(task));
            case "commit" -> confirmOrder.confirm(orderId, CheckoutState.lines(task.get("lines")), CheckoutState.payment(task.get("payment"), orderId, clock.now()));
            default -> throw new ValidationException("action must be reserve, release or commit, was '" + action + "'");
        };
        ObjectNode result = Json.object();
        result.put("orderId", orderId.value());
        result.put("action", action);
        result.put("outcome", outcome.name());
        Json.write(output, result);
    }

    private static Outcome outcome(String value) {
        try {
            return Outcome.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("outcome must be REJECTED or CANCELLED, was '" + value + "'");
        }
    }

    /**
     * The order keeps a reason code, never an error's name: a code the workflow passes (upper snake case, as
     * {@code OUT_OF_STOCK}) stays as it is; each error the workflow names on purpose (the payment step's, the
     * payment window's, the stock steps' domain errors) has its code; any other error the workflow caught (an
     * integration error such as {@code Lambda.Unknown}, a class no step declares) is {@value #UNNAMED_FAILURE},
     * and its name goes to the log instead of to the customer.
     */
    static String reason(JsonNode task) {
        String reason = task.path("reason").asText("");
        if (reason.isBlank()) {
            return null;
        }
        if (REASON_CODE.matcher(reason).matches()) {
            return reason;
        }
        return switch (reason) {
            case "dev.checkout.domain.PaymentDeclinedException" -> "PAYMENT_DECLINED";
            case "dev.checkout.domain.PaymentProviderUnavailableException" -> "PAYMENT_PROVIDER_UNAVAILABLE";
            // The window is the payment step's HeartbeatSeconds; LocalStack reports its expiry as States.Timeout.
            case "States.HeartbeatTimeout", "States.Timeout" -> "PAYMENT_WINDOW_EXPIRED";
            case "dev.checkout.domain.StorageUnavailableException" -> "STORAGE_UNAVAILABLE";
            case "dev.checkout.domain.StateConflictException" -> "STATE_CONFLICT";
            case "dev.checkout.domain.VersionConflictException" -> "VERSION_CONFLICT";
            default -> {
                System.getLogger(ReserveStockHandler.class.getName()).log(System.Logger.Level.WARNING,
                        "the checkout caught an error it does not name: " + reason + "; the order's reason is " + UNNAMED_FAILURE);
                yield UNNAMED_FAILURE;
            }
        };
    }
}
