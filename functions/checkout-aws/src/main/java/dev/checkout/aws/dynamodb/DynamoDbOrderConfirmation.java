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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Confirms a paid order in one transaction over the single table: the reservation item and stock
 * counters ({@link StockItems}), the order item ({@link OrderItems}) and the payment item
 * ({@link PaymentItems}).
 */
public final class DynamoDbOrderConfirmation implements OrderConfirmation {
    private final String table;
    private final Transactions transactions;

    public DynamoDbOrderConfirmation(DynamoDbClient client, String table) {
        this.table = table;
        this.transactions = new Transactions(client);
    }

    @Override
    public boolean confirmPaid(List<StockLine> lines, PaidTransition paid, Payment payment) {
        if (payment.status() != PaymentStatus.SUCCEEDED || !payment.orderId().equals(paid.orderId())) {
            throw new ValidationException("only a succeeded payment of order " + paid.orderId() + " confirms it");
        }
        var items = new ArrayList<TransactWriteItem>(StockItems.endReservation(table, paid.orderId(), ReservationStatus.COMMITTED, lines));
        items.add(OrderItems.transition(table, paid));
        items.add(PaymentItems.handOverSucceeded(table, payment, paid.at()));
        return transactions.write(items).isEmpty();
    }
}
