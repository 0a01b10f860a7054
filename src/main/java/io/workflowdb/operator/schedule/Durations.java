package io.workflowdb.operator.schedule;

import java.time.Duration;

import com.google.re2j.Pattern;

import io.workflowdb.operator.api.v1alpha1.Patterns;

/**
 * Durations written as a number and one unit: {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}, {@code 1w}.
 * What parses is exactly what the CRD pattern {@link Patterns#DURATION} admits, read as the API server
 * reads it (RE2): no surrounding blanks, no line break after the unit.
 */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile(Patterns.DURATION);

    private Durations() {
    }

    /** Parses a duration, or throws {@link IllegalArgumentException} with a message fit for a user. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a duration is required");
        }
        if (!FORMAT.matcher(text).find()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write a positive number and one unit"
                    + " s, m, h, d or w, such as 30s, 5m or 90d (at most 999999s, 999999m, 999999h, 99999d or 9999w)");
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.substring(text.length() - 1)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Renders a duration the way users write them, choosing the largest exact unit. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s % (7 * 86400) == 0 && s > 0) {
            return s / (7 * 86400) + "w";
        }
        if (s % 86400 == 0 && s > 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
