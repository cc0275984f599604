package io.github.ec2monitoring.infrastructure.app;

import java.util.Arrays;
import java.util.List;
import software.constructs.Node;

/**
 * Reads typed values from CDK context. Values from {@code cdk.json} arrive typed; values given with
 * {@code -c key=value} arrive as strings: both are accepted.
 */
final class ContextReader {

    private final Node node;

    ContextReader(Node node) {
        this.node = node;
    }

    String text(String key, String fallback) {
        Object value = node.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        return value.toString().strip();
    }

    double number(String key, double fallback) {
        Object value = node.tryGetContext(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        String text = text(key, null);
        try {
            return text == null ? fallback : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context value " + key + " is not a number: " + text, e);
        }
    }

    int integer(String key, int fallback) {
        double value = number(key, fallback);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException("context value " + key + " is not a whole number: " + value);
        }
        return (int) value;
    }

    boolean bool(String key, boolean fallback) {
        Object value = node.tryGetContext(key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = text(key, null);
        if (text == null) {
            return fallback;
        }
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("context value " + key + " must be true or false: " + text);
        }
        return Boolean.parseBoolean(text);
    }

    List<String> list(String key) {
        Object value = node.tryGetContext(key);
        if (value instanceof List<?> items) {
            return items.stream().map(Object::toString).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        String text = text(key, "");
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
