package io.sluice.gateway.config;

import java.time.Duration;
import java.util.Locale;

/** Parses durations written either in ISO-8601 ({@code PT30S}) or as a number and unit ({@code 30s}). */
public final class Durations {

    /** The accepted formats, for error messages. */
    public static final String FORMAT = "a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S";

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException if the text is in neither format
     */
    public static Duration parse(String text) {
        try {
            return parseChecked(text);
        } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("duration out of range or malformed: " + text, e);
        }
    }

    private static Duration parseChecked(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("no number in " + text);
        }
        long amount = Long.parseLong(value.substring(0, unitStart));
        return switch (value.substring(unitStart).strip()) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
    }
}
