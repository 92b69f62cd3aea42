package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asList;
import static dev.checkout.local.services.SamTemplate.asMap;

import dev.checkout.local.services.SamTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical names of the template's resources in the local cloud, and the resolution of
 * CloudFormation intrinsics ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::If}, {@code Fn::Select}) against them. Resources register as they are created.
 */
final class CloudResources {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final SamTemplate template;
    private final Map<String, String> parameterOverrides;
    private final Map<String, String> refs = new HashMap<>();
    private final Map<String, String> attributes = new HashMap<>();

    CloudResources(SamTemplate template, Map<String, String> parameterOverrides) {
        this.template = template;
        this.parameterOverrides = parameterOverrides;
        refs.put("AWS::Region", REGION);
        refs.put("AWS::AccountId", ACCOUNT);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::URLSuffix", "amazonaws.com");
        refs.put("AWS::StackName", "checkout-local");
    }

    SamTemplate template() {
        return template;
    }

    /** Records what {@code Ref logicalId} and {@code Fn::GetAtt logicalId.attribute} answer. */
    void register(String logicalId, String ref, Map<String, String> resourceAttributes) {
        refs.put(logicalId, ref);
        resourceAttributes.forEach((name, value) -> attributes.put(logicalId + "." + name, value));
    }

    /** The ARN of {@code resource} (e.g. {@code table/CheckoutTable}) of {@code service} in the local cloud's region and account. */
    static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    static String functionArn(String logicalId) {
        return arn("lambda", "function:" + logicalId);
    }

    static String stateMachineArn(String logicalId) {
        return arn("states", "stateMachine:" + logicalId);
    }

    /** A resolved value as a string; lists join with commas as CloudFormation does for list parameters. */
    String resolveString(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return resolved == null ? null : String.valueOf(resolved);
    }

    Object resolve(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            Object argument = map.values().iterator().next();
            switch (key) {
                case "Ref":
                    return ref(String.valueOf(argument));
                case "Fn::GetAtt": {
                    List<Object> parts = argument instanceof String s ? List.of(s.split("\\.", 2)) : asList(argument);
                    return attribute(parts.get(0) + "." + parts.get(1));
                }
                case "Fn::Sub":
                    return sub(argument);
                case "Fn::Join": {
                    List<Object> args = asList(argument);
                    var joined = new ArrayList<String>();
                    for (Object part : asList(resolve(args.get(1)))) {
                        joined.add(resolveString(part));
                    }
                    return String.join(String.valueOf(args.get(0)), joined);
                }
                case "Fn::Select": {
                    List<Object> args = asList(argument);
                    return asList(resolve(args.get(1))).get(Integer.parseInt(String.valueOf(resolve(args.get(0)))));
                }
                case "Fn::If": {
                    List<Object> args = asList(argument);
                    return resolve(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
                }
                default:
                    break;
            }
        }
        if (value instanceof Map<?, ?> map) {
            var resolved = new HashMap<String, Object>();
            map.forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::resolve).toList();
        }
        return value;
    }

    private Object ref(String name) {
        if ("AWS::NoValue".equals(name)) {
            return null;
        }
        if (refs.containsKey(name)) {
            return refs.get(name);
        }
        Map<String, Object> parameters = template.section("Parameters");
        if (parameters.containsKey(name)) {
            String value = parameterOverrides.getOrDefault(name, String.valueOf(template.parameterDefault(name)));
            Object type = asMap(parameters.get(name)).get("Type");
            return "CommaDelimitedList".equals(type) ? List.of(value.split(",")) : value;
        }
        // SAM's reference to a function's AutoPublishAlias, <Function>.Alias: the function ARN with the alias.
        if (name.endsWith(".Alias") && refs.containsKey(name.substring(0, name.length() - ".Alias".length()))) {
            String function = name.substring(0, name.length() - ".Alias".length());
            return functionArn(function) + ":" + autoPublishAlias(function);
        }
        // The alias's generated logical id, <Function>Alias<alias>, which SAM does not document (LocalStack refuses it).
        Matcher alias = Pattern.compile("(.+)Alias(\\w+)").matcher(name);
        if (alias.matches() && refs.containsKey(alias.group(1))) {
            return functionArn(alias.group(1)) + ":" + alias.group(2);
        }
        throw new IllegalStateException("the template refers to " + name + ", which the local cloud has not created");
    }

    /** The function's AutoPublishAlias: its own, else the Globals' one. */
    private String autoPublishAlias(String function) {
        Object own = asMap(asMap(template.resources().get(function)).get("Properties")).get("AutoPublishAlias");
        Object alias = own != null ? own : template.globals("Function").get("AutoPublishAlias");
        if (alias == null) {
            throw new IllegalStateException("the template refers to " + function + ".Alias, but the function has no AutoPublishAlias");
        }
        return resolveString(alias);
    }

    private String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalStateException("the template asks for " + name + ", which the local cloud does not provide");
        }
        return value;
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            variables = asMap(list.get(1));
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value = variables.containsKey(variable)
                    ? resolveString(variables.get(variable))
                    : variable.contains(".") ? attribute(variable) : resolveString(Map.of("Ref", variable));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private boolean condition(String name) {
        Object definition = template.section("Conditions").get(name);
        return evaluate(definition);
    }

    private boolean evaluate(Object condition) {
        Map<String, Object> map = asMap(condition);
        String function = map.keySet().iterator().next();
        Object argument = map.get(function);
        return switch (function) {
            case "Fn::Equals" -> {
                List<Object> args = asList(argument);
                yield String.valueOf(resolveString(args.get(0))).equals(String.valueOf(resolveString(args.get(1))));
            }
            case "Fn::Not" -> !evaluate(asList(argument).get(0));
            case "Fn::And" -> asList(argument).stream().allMatch(this::evaluate);
            case "Fn::Or" -> asList(argument).stream().anyMatch(this::evaluate);
            case "Condition" -> condition(String.valueOf(argument));
            default -> throw new IllegalStateException("unsupported condition " + function);
        };
    }
}
