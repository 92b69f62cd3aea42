package dev.checkout.aws.dynamodb;

import dev.checkout.domain.PaidTransition;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.ReservationStatus;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.OrderConfirmation;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Confirms a paid order in one transaction over the single table: the reservation item and stock
 * counters ({@link StockItems}), the order item ({@link OrderItems}) and the payment item
 * ({@link PaymentItems}).
 */
public final class DynamoDbOrderConfirmation implements OrderConfirmation {
    private final String table;
    private final Transactions transactions;
    private final StockShards shards;

    public DynamoDbOrderConfirmation(DynamoDbClient client, String table) {
        this(client, table, StockShards.system());
    }

    /** With what this instance knows of sharded stock, to name the shards an order most likely holds. */
    public DynamoDbOrderConfirmation(DynamoDbClient client, String table, StockShards shards) {
        this.table = table;
        this.shards = shards;
        this.transactions = new Transactions(client, shards.ticker());
    }

    @Override
    public boolean confirmPaid(List<StockLine> lines, PaidTransition paid, Payment payment) {
        if (payment.status() != PaymentStatus.SUCCEEDED || !payment.orderId().equals(paid.orderId())) {
            throw new ValidationException("only a succeeded payment of order " + paid.orderId() + " confirms it");
        }
        List<CancellationReason> reasons = confirm(shards.likelyHeld(paid.orderId(), lines), paid, payment);
        if (!reasons.isEmpty() && DynamoDbErrors.failedCondition(reasons, 0) && StockItems.reservedElsewhere(reasons.get(0))) {
            reasons = confirm(StockItems.heldLines(reasons.get(0).item()), paid, payment);
        }
        return reasons.isEmpty();
    }

    private List<CancellationReason> confirm(List<StockItems.Held> lines, PaidTransition paid, Payment payment) {
        var items = new ArrayList<TransactWriteItem>(StockItems.endReservation(table, paid.orderId(), ReservationStatus.COMMITTED, lines));
        items.add(OrderItems.transition(table, paid));
        items.add(PaymentItems.handOverSucceeded(table, payment, paid.at()));
        return transactions.write(items);
    }
}
