package dev.checkout.aws.lambda;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's {@code Content-Type} as RFC 9110 (section 8.3) writes it: {@code type/subtype} and
 * {@code ;name=value} parameters, a value a token or a quoted string. Type, subtype and parameter names
 * are kept in lower case (they are case-insensitive), parameter values as sent.
 */
record ContentType(String type, String subtype, Map<String, String> parameters) {
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile("[ \t]*(" + TOKEN + ")/(" + TOKEN + ")[ \t]*");
    private static final Pattern PARAMETER = Pattern.compile(";[ \t]*(?:(" + TOKEN + ")=(" + TOKEN + "|" + QUOTED + "))?[ \t]*");

    ContentType {
        parameters = Map.copyOf(parameters);
    }

    /** The header's media type; empty when it does not follow the grammar (e.g. two types joined by a comma). */
    static Optional<ContentType> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher mediaType = MEDIA_TYPE.matcher(header);
        if (!mediaType.lookingAt()) {
            return Optional.empty();
        }
        var parameters = new TreeMap<String, String>();
        Matcher parameter = PARAMETER.matcher(header).region(mediaType.end(), header.length());
        while (parameter.lookingAt()) {
            if (parameter.group(1) != null) {
                String value = parameter.group(2);
                if (value.startsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
                }
                if (parameters.put(parameter.group(1).toLowerCase(Locale.ROOT), value) != null) {
                    return Optional.empty();
                }
            }
            parameter.region(parameter.end(), header.length());
        }
        if (parameter.regionStart() != header.length()) {
            return Optional.empty();
        }
        return Optional.of(new ContentType(mediaType.group(1).toLowerCase(Locale.ROOT), mediaType.group(2).toLowerCase(Locale.ROOT), parameters));
    }

    /**
     * {@code application/json} in UTF-8: without a charset (JSON's encoding is UTF-8, RFC 8259) or with
     * {@code charset=utf-8} in any case. Other parameters do not matter. {@code application/*+json} types
     * are not JSON to this API: they carry other semantics (a merge patch is not a product).
     */
    /** A form ({@code application/x-www-form-urlencoded}) in UTF-8, or without a charset. */
    boolean isFormInUtf8() {
        String charset = parameters.get("charset");
        return type.equals("application") && subtype.equals("x-www-form-urlencoded") && (charset == null || charset.equalsIgnoreCase("utf-8"));
    }

    boolean isJsonInUtf8() {
        String charset = parameters.get("charset");
        return type.equals("application") && subtype.equals("json") && (charset == null || charset.equalsIgnoreCase("utf-8"));
    }
}
