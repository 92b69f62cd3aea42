package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Money;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: against DynamoDB Local with the template's table. */
@Tag("integration")
class DynamoDbCatalogTest {
    private final DynamoDbCatalog catalog = new DynamoDbCatalog(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final DynamoDbStockReservations reservations = new DynamoDbStockReservations(CheckoutTable.client(), CheckoutTable.name());

    @Test
    void put_setsTheStockLevel_andKeepsWhatIsReservedAndSold() {
        Sku sku = CheckoutTable.stockedSku(5);
        reservations.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(sku, 2)));

        Product updated = catalog.put(sku, "Mug, large", Money.of(1500, "USD"), 40);

        assertEquals(new Product(sku, "Mug, large", Money.of(1500, "USD"), 40, 2, 0), updated);
    }

    @Test
    void list_pagesThroughTheCatalog() {
        Sku a = CheckoutTable.stockedSku(1);
        Sku b = CheckoutTable.stockedSku(1);
        var seen = new ArrayList<Sku>();
        String token = null;
        do {
            var page = catalog.list(7, token);
            page.products().forEach(p -> seen.add(p.sku()));
            token = page.nextToken();
        } while (token != null);

        assertTrue(seen.containsAll(List.of(a, b)));
        assertEquals(seen.size(), seen.stream().distinct().count());
    }
}
