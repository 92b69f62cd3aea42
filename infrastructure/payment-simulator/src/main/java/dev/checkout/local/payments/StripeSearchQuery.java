package dev.checkout.local.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of Stripe's search query language the simulator understands: metadata clauses
 * {@code metadata['key']:'value'} (either quote, {@code \'} or {@code \"} inside a value), joined by {@code AND}. A
 * query it cannot parse is refused with a 400 {@code invalid_request_error} on {@code query}, as Stripe refuses one.
 */
final class StripeSearchQuery {
    private final List<Map.Entry<String, String>> clauses;

    private StripeSearchQuery(List<Map.Entry<String, String>> clauses) {
        this.clauses = List.copyOf(clauses);
    }

    static StripeSearchQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw StripeApiException.missingParameter("query");
        }
        Parser parser = new Parser(query);
        List<Map.Entry<String, String>> clauses = new ArrayList<>();
        do {
            parser.skipSpaces();
            parser.expect("metadata[");
            String key = parser.quoted();
            parser.expect("]:");
            clauses.add(Map.entry(key, parser.quoted()));
            parser.skipSpaces();
        } while (parser.conjunction());
        if (!parser.atEnd()) {
            throw parser.refused();
        }
        return new StripeSearchQuery(clauses);
    }

    /** Whether an object with {@code metadata} matches every clause. */
    boolean matches(Map<String, String> metadata) {
        return clauses.stream().allMatch(c -> c.getValue().equals(metadata.get(c.getKey())));
    }

    private static final class Parser {
        private final String query;
        private int at;

        Parser(String query) {
            this.query = query;
        }

        void skipSpaces() {
            while (at < query.length() && query.charAt(at) == ' ') {
                at++;
            }
        }

        boolean atEnd() {
            return at == query.length();
        }

        boolean conjunction() {
            if (query.startsWith("AND ", at)) {
                at += 4;
                return true;
            }
            return false;
        }

        void expect(String text) {
            if (!query.startsWith(text, at)) {
                throw refused();
            }
            at += text.length();
        }

        /** A value in single or double quotes; a backslash takes the next character as it is. */
        String quoted() {
            if (atEnd() || (query.charAt(at) != '\'' && query.charAt(at) != '"')) {
                throw refused();
            }
            char quote = query.charAt(at++);
            StringBuilder value = new StringBuilder();
            while (at < query.length()) {
                char c = query.charAt(at++);
                if (c == quote) {
                    return value.toString();
                }
                if (c == '\\' && at < query.length()) {
                    c = query.charAt(at++);
                }
                value.append(c);
            }
            throw refused();
        }

        StripeApiException refused() {
            return StripeApiException.invalidRequest(null, "We were unable to parse your search query. The simulator understands "
                    + "metadata['key']:'value' clauses joined by AND; the query was not understood at position " + at + ".", "query");
        }
    }
}
