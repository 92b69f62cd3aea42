package dev.checkout.local.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed intrinsic function call such as {@code States.Format('Hello {}', $.name)}: the
 * function name and its arguments, which are literals, paths or nested calls.
 */
public record IntrinsicExpression(String function, List<Argument> arguments) {

    /** One argument of an intrinsic call. */
    public sealed interface Argument permits Literal, PathArgument, Call {
    }

    /** A literal: string, number, boolean or null. */
    public record Literal(JsonNode value) implements Argument {
    }

    /** A JSONPath ({@code $.x}) or context path ({@code $$.x}). */
    public record PathArgument(String path) implements Argument {
    }

    /** A nested intrinsic call. */
    public record Call(IntrinsicExpression expression) implements Argument {
    }

    /** Whether a {@code .$} value is an intrinsic call rather than a path. */
    public static boolean looksLikeCall(String text) {
        return text.trim().startsWith("States.");
    }

    /**
     * Parses an intrinsic call.
     *
     * @throws IllegalArgumentException with a description of the syntax error
     */
    public static IntrinsicExpression parse(String text) {
        Parser parser = new Parser(text);
        IntrinsicExpression expression = parser.call();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new IllegalArgumentException("unexpected text after the call at position " + parser.position + " in " + text);
        }
        return expression;
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        IntrinsicExpression call() {
            skipSpaces();
            int start = position;
            while (!atEnd() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            String name = text.substring(start, position);
            if (!name.startsWith("States.")) {
                throw new IllegalArgumentException("an intrinsic function starts with 'States.': " + text);
            }
            skipSpaces();
            expect('(');
            List<Argument> arguments = new ArrayList<>();
            skipSpaces();
            if (peek() == ')') {
                position++;
                return new IntrinsicExpression(name, arguments);
            }
            while (true) {
                arguments.add(argument());
                skipSpaces();
                char next = peek();
                position++;
                if (next == ')') {
                    return new IntrinsicExpression(name, arguments);
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected ',' or ')' at position " + (position - 1) + " in " + text);
                }
            }
        }

        private Argument argument() {
            skipSpaces();
            char c = peek();
            if (c == '\'') {
                return new Literal(JsonNodeFactory.instance.textNode(quoted()));
            }
            if (c == '$') {
                return new PathArgument(path());
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = position;
                while (!atEnd() && "+-.eE0123456789".indexOf(text.charAt(position)) >= 0) {
                    position++;
                }
                BigDecimal number = new BigDecimal(text.substring(start, position));
                return new Literal(numberNode(number));
            }
            if (text.startsWith("States.", position)) {
                return new Call(call());
            }
            for (String word : List.of("null", "true", "false")) {
                if (text.startsWith(word, position)) {
                    position += word.length();
                    return new Literal(switch (word) {
                        case "null" -> JsonNodeFactory.instance.nullNode();
                        case "true" -> JsonNodeFactory.instance.booleanNode(true);
                        default -> JsonNodeFactory.instance.booleanNode(false);
                    });
                }
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at position " + position + " in " + text);
        }

        private static JsonNode numberNode(BigDecimal number) {
            try {
                return JsonNodeFactory.instance.numberNode(number.longValueExact());
            } catch (ArithmeticException notAnInteger) {
                return JsonNodeFactory.instance.numberNode(number);
            }
        }

        private String quoted() {
            expect('\'');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new IllegalArgumentException("unterminated string in " + text);
                }
                char c = text.charAt(position++);
                if (c == '\\') {
                    if (atEnd()) {
                        throw new IllegalArgumentException("dangling escape in " + text);
                    }
                    char escaped = text.charAt(position++);
                    // \{ and \} stay escaped so that States.Format can tell them from placeholders
                    if (escaped == '{' || escaped == '}') {
                        value.append('\\');
                    }
                    value.append(escaped);
                } else if (c == '\'') {
                    return value.toString();
                } else {
                    value.append(c);
                }
            }
        }

        private String path() {
            int start = position;
            int depth = 0;
            char quote = 0;
            while (!atEnd()) {
                char c = text.charAt(position);
                if (quote != 0) {
                    if (c == '\\') {
                        position++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                position++;
            }
            return text.substring(start, position).trim();
        }

        private char peek() {
            if (atEnd()) {
                throw new IllegalArgumentException("unexpected end of " + text);
            }
            return text.charAt(position);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + position + " in " + text);
            }
            position++;
        }
    }
}
