package io.github.ec2monitoring.contract;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One environment variable of a function: its name, how its value is written and read, and what is valid. The
 * construct that sets it and the handler that reads it both go through this object, so they cannot disagree.
 *
 * @param <T> the value's type in Java
 */
public final class Setting<T> {

    private final String name;
    private final String expected;
    private final Function<String, Optional<T>> parse;
    private final Function<T, String> format;
    private final boolean required;
    /** Text may be a token at synth, which only the deploy resolves: it is checked when read, not when written. */
    private final boolean checkedOnWrite;

    private Setting(String name, String expected, Function<String, Optional<T>> parse, Function<T, String> format,
            boolean required) {
        this(name, expected, parse, format, required, true);
    }

    private Setting(String name, String expected, Function<String, Optional<T>> parse, Function<T, String> format,
            boolean required, boolean checkedOnWrite) {
        this.name = name;
        this.expected = expected;
        this.parse = parse;
        this.format = format;
        this.required = required;
        this.checkedOnWrite = checkedOnWrite;
    }

    /** Any text but blank: names, ARNs (at synth often a token, which only the deploy resolves). */
    public static Setting<String> text(String name) {
        return new Setting<>(name, "text", Optional::of, value -> value, true, false);
    }

    /** Text that may be left out; then it reads as null. */
    public static Setting<String> optionalText(String name) {
        return new Setting<>(name, "text", Optional::of, value -> value, false, false);
    }

    /** A comma-separated list of names, none blank (Auto Scaling group names hold no comma). */
    public static Setting<List<String>> names(String name) {
        return new Setting<>(name, "a comma-separated list of names",
                value -> {
                    List<String> names = Arrays.stream(value.split(",")).map(String::strip)
                            .filter(part -> !part.isEmpty()).toList();
                    return names.isEmpty() ? Optional.empty() : Optional.of(names);
                },
                values -> String.join(",", values), true, false);
    }

    public static Setting<Boolean> flag(String name) {
        return new Setting<>(name, "true or false", Setting::parseFlag, String::valueOf, true);
    }

    /** A percentage: above 0, at most 100. */
    public static Setting<Double> percent(String name) {
        return number(name, 0, 100);
    }

    /** A number above {@code above} and at most {@code atMost}. */
    public static Setting<Double> number(String name, double above, double atMost) {
        return new Setting<>(name, "a number above " + plain(above) + " and at most " + plain(atMost),
                value -> parseDouble(value).filter(number -> number > above && number <= atMost),
                String::valueOf, true);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> whole(String name, int min, int max) {
        return new Setting<>(name, "a whole number from " + min + " to " + max,
                value -> parseInt(value).filter(number -> number >= min && number <= max),
                String::valueOf, true);
    }

    public static Setting<ZoneId> zone(String name) {
        return new Setting<>(name, "a time zone such as Asia/Seoul", Setting::parseZone, ZoneId::getId, true);
    }

    /** One of an enum's values, as {@link Choice#value()} writes them. */
    public static <E extends Enum<E> & Choice> Setting<E> choice(String name, Class<E> type) {
        E[] values = type.getEnumConstants();
        String expected = Arrays.stream(values).map(Choice::value).collect(Collectors.joining(" or "));
        return new Setting<>(name, expected,
                value -> Arrays.stream(values).filter(choice -> choice.value().equals(value)).findFirst(),
                Choice::value, true);
    }

    public String name() {
        return name;
    }

    /** Whether the stack must set it; an optional one reads as null when it is not set. */
    public boolean required() {
        return required;
    }

    /**
     * Reads the value from a function's environment.
     *
     * @throws IllegalArgumentException naming the variable, when a required one is missing or any is not valid
     */
    public T read(Map<String, String> environment) {
        String raw = environment.get(name);
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            return null;
        }
        return parse.apply(raw.strip()).orElseThrow(() -> new IllegalArgumentException(
                "environment variable " + name + " must be " + expected + ", got " + raw.strip()));
    }

    /**
     * Writes a value as the function will read it; at synth, so that a bad value fails the synth, not the function.
     * Text (tokens included) is written as it is.
     */
    public String write(T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String text = format.apply(value);
        if (text.isBlank() || (checkedOnWrite && parse.apply(text).isEmpty())) {
            throw new IllegalArgumentException(name + " must be " + expected + ", got " + text);
        }
        return text;
    }

    private static Optional<Boolean> parseFlag(String value) {
        return switch (value) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Optional<Double> parseDouble(String value) {
        try {
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String value) {
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<ZoneId> parseZone(String value) {
        try {
            return Optional.of(ZoneId.of(value));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    @Override
    public String toString() {
        return name;
    }
}
