package dev.checkout.domain;

/**
 * The rule for every piece of text the checkout keeps or passes on (names, reasons, ids, keys, provider
 * codes): it must be valid Unicode. A Java string is not when it holds a UTF-16 surrogate without its
 * pair, which is what a JSON escape such as <code>&#92;ud800</code> decodes to. Such a string has no UTF-8 form:
 * SQS refuses it, the AWS CLI cannot print an item holding it, and encoders replace it with {@code ?}.
 * Value objects check their text here on construction, so no adapter is handed an invalid string.
 */
public final class Text {
    private Text() {
    }

    /** Whether {@code text} is valid Unicode: every high surrogate followed by a low one, no low one alone. Null is. */
    public static boolean isValid(CharSequence text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code text} itself (null included) when it is valid Unicode.
     *
     * @param what names the text in the error, e.g. {@code "reason"}; the text itself is never quoted back
     * @throws ValidationException when it holds an unpaired surrogate
     */
    public static String requireValid(String text, String what) {
        if (!isValid(text)) {
            throw new ValidationException(what + " must be valid Unicode text (it holds an unpaired UTF-16 surrogate)");
        }
        return text;
    }
}
