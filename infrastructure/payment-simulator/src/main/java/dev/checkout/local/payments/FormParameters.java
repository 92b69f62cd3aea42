package dev.checkout.local.payments;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of a request as stripe-java sends them: {@code application/x-www-form-urlencoded} with Stripe's
 * bracket notation ({@code metadata[order_id]=o-1}, {@code expand[0]=latest_charge},
 * {@code automatic_payment_methods[enabled]=true}). Keys are kept flat, exactly as sent.
 */
record FormParameters(Map<String, List<String>> values) {

    FormParameters {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        values = Collections.unmodifiableMap(copy);
    }

    static FormParameters parse(String... encodedParts) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String encoded : encodedParts) {
            if (encoded == null || encoded.isEmpty()) {
                continue;
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new FormParameters(values);
    }

    /** The single value of {@code key}, or {@code null}. An empty value counts as absent (Stripe's "unset"). */
    String get(String key) {
        List<String> list = values.get(key);
        if (list == null || list.isEmpty() || list.get(0).isEmpty()) {
            return null;
        }
        return list.get(0);
    }

    String require(String key) {
        String value = get(key);
        if (value == null) {
            throw StripeApiException.missingParameter(key);
        }
        return value;
    }

    Long getLong(String key) {
        String value = get(key);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer", "Invalid integer: " + value, key);
        }
    }

    boolean getBoolean(String key) {
        String value = get(key);
        if (value == null) {
            return false;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw StripeApiException.invalidRequest("parameter_invalid_boolean",
                "Invalid boolean: " + value, key);
    }

    /** The entries of a hash parameter, e.g. {@code prefix = "metadata"} gives {@code {order_id=o-1}}. */
    Map<String, String> hash(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        String open = prefix + "[";
        values.forEach((key, list) -> {
            if (key.startsWith(open) && key.endsWith("]") && !list.isEmpty()) {
                result.put(key.substring(open.length(), key.length() - 1), list.get(0));
            }
        });
        return result;
    }

    /** The values of an array parameter, sent as {@code expand[0]=a&expand[1]=b} or {@code expand[]=a}. */
    List<String> array(String prefix) {
        List<String> result = new ArrayList<>();
        String open = prefix + "[";
        values.forEach((key, list) -> {
            if (key.startsWith(open) && key.endsWith("]")) {
                result.addAll(list);
            }
        });
        return result;
    }

    /** A canonical form of all parameters, independent of their order: what idempotency compares. */
    String fingerprint() {
        return new TreeMap<>(values).toString();
    }
}
