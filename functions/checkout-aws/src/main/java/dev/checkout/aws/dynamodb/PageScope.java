package dev.checkout.aws.dynamodb;

import java.util.List;

/**
 * What a page token pages; its signature covers all of it. {@code query} names the query (and so the
 * route and index) it pages, {@code partition} the index partition (for a user's orders the caller's
 * own, {@code USER#sub}), {@code itemSortKey} the base-table sort key of the items listed, and
 * {@code filters} the query's filters as {@code name=value} (empty value when unset). A token is
 * accepted only with the scope it was issued for. The page size is not part of it: a client may
 * change {@code limit} between pages, which changes where pages end but not what is listed.
 */
record PageScope(String query, String partition, String itemSortKey, List<String> filters) {
    PageScope {
        if (query == null || query.isBlank() || partition == null || partition.isBlank() || itemSortKey == null || itemSortKey.isBlank()) {
            throw new IllegalArgumentException("a page scope names its query, partition and item sort key");
        }
        filters = List.copyOf(filters);
    }
}
