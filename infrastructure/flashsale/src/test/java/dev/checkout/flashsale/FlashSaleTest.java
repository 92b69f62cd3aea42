package dev.checkout.flashsale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.flashsale.FlashSale.Result;
import dev.checkout.flashsale.FlashSale.Scenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier (DynamoDB Local in process): the flash sale, scaled down, keeps the invariants in both
 * designs, and a sharded product's price read stays off its catalog entry's limit. Timings are the
 * simulation's output, not asserted here.
 */
@Tag("integration")
class FlashSaleTest {
    private static final Scenario RUSH = new Scenario(3_000, 300, 10, 2, 300, 7);

    @Test
    void shardedStock_sellsEveryUnit_neverOneMore_andAnswersEveryBuyer() {
        Result result = FlashSale.run(RUSH, 8);

        assertEquals(300, result.reserved());
        assertEquals(3_000, result.reserved() + result.rejected() + result.failed());
        assertFalse(result.oversold());
        assertTrue(result.conserved());
        assertFalse(result.undersold());
        assertEquals(0, result.refusedWhileUnitsLeft());
    }

    @Test
    void withCreateOrdersWholeWorkModelled_shardedStock_stillSellsEveryUnit_neverOneMore_andLeavesNoneUnsold() {
        Result result = FlashSale.run(new Scenario(3_000, 300, 10, 2, 300, 7, 25_000_000), 8);

        assertEquals(300, result.reserved());
        assertEquals(3_000, result.reserved() + result.rejected() + result.failed());
        assertFalse(result.oversold());
        assertTrue(result.conserved());
        assertEquals(0, result.available(), "no unit left once the burst is over");
    }

    @Test
    void shardedProduct_pricesEveryOrder_withoutThrottlingItsCatalogEntry_atMostAReadASecondPerInstance() {
        Result result = FlashSale.run(RUSH, 8);

        assertEquals(0, result.productThrottledReads());
        assertTrue(result.createOrderInstances() > 0);
        // a read a second per instance; two reads a second apart may land in one whole second by their latencies
        assertTrue(result.productReadUnitsPerSecond() <= 2 * result.createOrderInstances(), result.toString());
    }

    @Test
    void singleItem_readsItsCatalogEntry_forEveryOrder() {
        Result result = FlashSale.run(RUSH, 1);

        assertTrue(result.productReadUnitsPerSecond() > 2 * result.createOrderInstances(), result.toString());
    }

    @Test
    void singleItem_neverOversells_andConservesTheStock_whileThrottled() {
        Result result = FlashSale.run(RUSH, 1);

        assertEquals(3_000, result.reserved() + result.rejected() + result.failed());
        assertFalse(result.oversold());
        assertTrue(result.conserved());
        assertTrue(result.throttledRequests() > 0);
    }
}
