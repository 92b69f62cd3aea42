package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.services.ItemLimits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LocalCloudConfigTest {
    private static final Path PROJECT = Path.of(".");

    @Test
    void dynamoDbItemLimits_areOffUnlessAsked() {
        assertNull(LocalCloudConfig.parse(new String[0], Map.of(), PROJECT).dynamoDbItemLimits());
    }

    @Test
    void dynamoDbItemLimits_alone_areAwsPerItemThroughput() {
        assertEquals(ItemLimits.AWS, LocalCloudConfig.parse(new String[] {"--dynamodb-item-limits"}, Map.of(), PROJECT).dynamoDbItemLimits());
        assertEquals(ItemLimits.AWS, LocalCloudConfig.parse(new String[] {"--dynamodb-item-limits=aws"}, Map.of(), PROJECT).dynamoDbItemLimits());
    }

    @Test
    void dynamoDbItemLimits_takeScaledUnits_fromTheFlagOrTheEnvironment() {
        assertEquals(new ItemLimits(50, 150), LocalCloudConfig.parse(new String[] {"--dynamodb-item-limits=50,150"}, Map.of(), PROJECT).dynamoDbItemLimits());
        assertEquals(new ItemLimits(20, 60), LocalCloudConfig.parse(new String[0], Map.of("LOCAL_CLOUD_DYNAMODB_ITEM_LIMITS", "20"), PROJECT)
                .dynamoDbItemLimits());
    }

    @Test
    void dynamoDbItemLimits_thatAreNotUnitsASecond_areRefusedWithTheUsage() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> LocalCloudConfig.parse(new String[] {"--dynamodb-item-limits=-5"}, Map.of(), PROJECT));
        assertTrue(refused.getMessage().contains("--dynamodb-item-limits"), refused.getMessage());
    }

    @Test
    void anUnknownOption_isRefusedWithTheUsage_ratherThanIgnored() {
        var refused = assertThrows(IllegalArgumentException.class, () -> LocalCloudConfig.parse(new String[] {"--api-prot=3000"}, Map.of(), PROJECT));
        assertTrue(refused.getMessage().contains("unknown option '--api-prot'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("usage:"), refused.getMessage());
    }
}
