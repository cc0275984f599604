package io.github.ec2monitoring.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A value of an enumerated setting as written in the environment and cdk.json: the constant's name, kebab-cased. */
public interface Choice {

    /** Implemented by every enum constant. */
    String name();

    default String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant whose value is {@code value}.
     *
     * @param what names the value in the error, e.g. the context key
     */
    static <E extends Enum<E> & Choice> E of(Class<E> type, String value, String what) {
        return Arrays.stream(type.getEnumConstants()).filter(choice -> choice.value().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + " must be " + Arrays.stream(
                        type.getEnumConstants()).map(Choice::value).collect(Collectors.joining(" or "))
                        + ", got " + value));
    }
}
