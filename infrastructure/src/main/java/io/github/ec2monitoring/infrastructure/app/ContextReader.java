package io.github.ec2monitoring.infrastructure.app;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * Reads typed values from CDK context. Values from {@code cdk.json} arrive typed; values given with
 * {@code -c key=value} arrive as strings: both are accepted. There are no defaults here: {@code cdk.json} holds them.
 */
final class ContextReader {

    private final Node node;

    ContextReader(Node node) {
        this.node = node;
    }

    /** A required text: present and not blank. */
    String text(String key) {
        String value = optionalText(key);
        if (value == null) {
            throw new IllegalArgumentException("context value " + key + " is empty: cdk.json gives it its default");
        }
        return value;
    }

    /** A text that may be empty (meaning: not set); the key itself must be present. */
    String optionalText(String key) {
        Object value = present(key);
        return value.toString().isBlank() ? null : value.toString().strip();
    }

    double number(String key) {
        Object value = present(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        String text = value.toString().strip();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context value " + key + " is not a number: " + text, e);
        }
    }

    int integer(String key) {
        double value = number(key);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException("context value " + key + " is not a whole number: " + value);
        }
        return (int) value;
    }

    boolean bool(String key) {
        Object value = present(key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().strip();
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("context value " + key + " must be true or false: " + text);
        }
        return Boolean.parseBoolean(text);
    }

    List<String> list(String key) {
        Object value = present(key);
        if (value instanceof List<?> items) {
            return items.stream().map(Object::toString).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Every key has its default in cdk.json, the one place defaults live; a missing key is a broken cdk.json. */
    private Object present(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            throw new IllegalArgumentException("context value " + key + " is missing: cdk.json gives every key its "
                    + "default (see the README's configuration table)");
        }
        return value;
    }
}
