package dev.checkout.local.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * {@code infrastructure/template.yaml} read as data. CloudFormation's short-form tags ({@code !Ref},
 * {@code !GetAtt}, {@code !Sub}, ...) become their long form ({@code {"Ref": ...}},
 * {@code {"Fn::GetAtt": [...]}}), so the rest of the local cloud reads one shape only.
 */
public final class SamTemplate {
    private static final List<String> FUNCTIONS = List.of(
            "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
            "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString");

    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static SamTemplate load(Path path) {
        try {
            return parse(path, Files.readString(path));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read template " + path, e);
        }
    }

    /** The project's template, found from the working directory upwards. */
    public static SamTemplate ofProject() {
        return load(ProjectFiles.locate("infrastructure/template.yaml"));
    }

    @SuppressWarnings("unchecked")
    static SamTemplate parse(Path path, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(String.valueOf(path)).build();
        Object document = new Load(settings, new CloudFormationConstructor(settings)).loadFromString(yaml);
        if (!(document instanceof Map)) {
            throw new IllegalStateException(path + " is not a template");
        }
        return new SamTemplate(path, (Map<String, Object>) document);
    }

    public Path path() {
        return path;
    }

    /** The directory holding the template; paths in it (CodeUri, DefinitionUri) are relative to it. */
    public Path directory() {
        return path.toAbsolutePath().getParent();
    }

    public Map<String, Object> section(String name) {
        return asMap(root.getOrDefault(name, Map.of()));
    }

    public Map<String, Object> resources() {
        return section("Resources");
    }

    /** Logical id to properties of every resource of {@code type}, in template order. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        var found = new LinkedHashMap<String, Map<String, Object>>();
        resources().forEach((id, body) -> {
            Map<String, Object> resource = asMap(body);
            if (type.equals(resource.get("Type"))) {
                found.put(id, asMap(resource.getOrDefault("Properties", Map.of())));
            }
        });
        return found;
    }

    /** The Globals section's entry for a resource kind, e.g. {@code Function}. */
    public Map<String, Object> globals(String kind) {
        return asMap(section("Globals").getOrDefault(kind, Map.of()));
    }

    /** A parameter's default value, or null. */
    public Object parameterDefault(String name) {
        return asMap(section("Parameters").getOrDefault(name, Map.of())).get("Default");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("expected a mapping, found " + value);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException("expected a list, found " + value);
    }

    /** Builds CloudFormation's long form for each short-form tag. */
    private static final class CloudFormationConstructor extends StandardConstructor {
        CloudFormationConstructor(LoadSettings settings) {
            super(settings);
            tagConstructors.put(new Tag("!Ref"), node -> Map.of("Ref", scalar(node)));
            tagConstructors.put(new Tag("!Condition"), node -> Map.of("Condition", scalar(node)));
            for (String function : FUNCTIONS) {
                tagConstructors.put(new Tag("!" + function), new FunctionConstructor("Fn::" + function));
            }
        }

        private static String scalar(Node node) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            throw new IllegalStateException("expected a scalar after " + node.getTag());
        }

        private final class FunctionConstructor implements ConstructNode {
            private final String name;

            FunctionConstructor(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = name.equals("Fn::GetAtt") ? List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
                } else if (node instanceof SequenceNode sequence) {
                    var items = new ArrayList<Object>();
                    sequence.getValue().forEach(child -> items.add(constructObject(child)));
                    value = items;
                } else if (node instanceof MappingNode mapping) {
                    var map = new LinkedHashMap<Object, Object>();
                    mapping.getValue().forEach(t -> map.put(constructObject(t.getKeyNode()), constructObject(t.getValueNode())));
                    value = map;
                } else {
                    throw new IllegalStateException("unexpected node " + node);
                }
                return Map.of(name, value);
            }
        }
    }
}
