package io.workflowdb.operator.schema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;

/**
 * When a failed migration, index or view is tried again. Pure: the previous failures (from status),
 * the definitions as declared now and the clock decide.
 *
 * <p>After the n-th consecutive failure of one definition the object waits {@code 2^(n-1)} minutes,
 * at most an hour: 1, 2, 4, 8, 16, 32, 60, 60 … A changed definition, a migration that applied, or
 * a new value of the retry annotation lets everything be tried at once.
 */
public final class SchemaRetries {

    public static final String MIGRATION = "migration";
    public static final String INDEX = "index";
    public static final String VIEW = "materializedView";

    static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private SchemaRetries() {
    }

    /** One object's identity: its kind and its declared name (the file name for a migration). */
    public record Key(String kind, String name) {
    }

    /** An object failing after this pass, with the digest of the definition that failed. */
    public record Failing(Key key, String message, String definition) {
    }

    /**
     * The failed objects to leave alone in this pass, each with its last message, which stays in
     * status. Empty when a retry is requested.
     */
    public static Map<Key, String> held(List<SchemaFailure> previous, Function<Key, String> definitions, Instant now,
            boolean retryRequested) {
        Map<Key, String> held = new LinkedHashMap<>();
        if (retryRequested || previous == null) {
            return held;
        }
        for (SchemaFailure f : previous) {
            Key key = new Key(f.kind, f.name);
            boolean sameDefinition = f.definition != null && f.definition.equals(definitions.apply(key));
            if (sameDefinition && f.nextAttempt != null && now.isBefore(Instant.parse(f.nextAttempt))) {
                held.put(key, f.message);
            }
        }
        return held;
    }

    /**
     * The failures to record after a pass: a held object keeps its record; one failing again with
     * the same definition counts one more attempt and waits longer; any other starts at one attempt.
     * Objects no longer failing are gone.
     */
    public static Recorded next(List<SchemaFailure> previous, List<Failing> failing, Map<Key, String> held,
            Instant now) {
        Map<Key, SchemaFailure> before = new LinkedHashMap<>();
        for (SchemaFailure f : previous == null ? List.<SchemaFailure>of() : previous) {
            before.put(new Key(f.kind, f.name), f);
        }
        List<SchemaFailure> out = new ArrayList<>();
        List<SchemaFailure> fresh = new ArrayList<>();
        for (Failing f : failing) {
            SchemaFailure old = before.get(f.key());
            if (old != null && held.containsKey(f.key())) {
                out.add(old);
                continue;
            }
            boolean again = old != null && Objects.equals(old.definition, f.definition()) && old.attempts != null;
            SchemaFailure record = new SchemaFailure();
            record.kind = f.key().kind();
            record.name = f.key().name();
            record.message = f.message();
            record.definition = f.definition();
            record.attempts = again ? old.attempts + 1 : 1;
            record.since = again && old.since != null ? old.since : seconds(now);
            record.nextAttempt = seconds(now.plus(wait(record.attempts)));
            out.add(record);
            if (!again) {
                fresh.add(record);
            }
        }
        return new Recorded(out, fresh);
    }

    /**
     * @param failures     every failing object, for status
     * @param newlyFailing those that did not fail before this pass, or failed with another definition
     */
    public record Recorded(List<SchemaFailure> failures, List<SchemaFailure> newlyFailing) {
    }

    /** How long to wait after the n-th consecutive failure. */
    static Duration wait(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 10));
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
