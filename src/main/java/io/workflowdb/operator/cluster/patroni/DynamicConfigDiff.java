package io.workflowdb.operator.cluster.patroni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The smallest JSON merge patch that brings Patroni's dynamic configuration ({@code GET /config})
 * to the rendered one ({@code PATCH /config} body). Pure.
 *
 * <p>Only what the operator renders is compared. A key the desired map does not have is left alone,
 * because Patroni and people with patronictl keep their own keys there ({@code pause},
 * {@code failsafe_mode}, {@code standby_cluster}, ...). The exception is a map the operator owns as
 * a whole, {@code postgresql.parameters}: the spec lists every parameter, so one that was dropped
 * from the spec is sent as {@code null}, which Patroni removes (the server then falls back to its
 * built-in value). Lists such as {@code pg_hba} are replaced whole, as Patroni does. Scalars compare
 * by their text, as Patroni compares them, so {@code 100} and {@code "100"} are the same value. A
 * {@code null} in the desired map asks for the key to be absent.
 */
public final class DynamicConfigDiff {

    /** Paths of maps whose keys the operator owns entirely. */
    static final Set<List<String>> OWNED_MAPS = Set.of(List.of("postgresql", "parameters"));

    private DynamicConfigDiff() {
    }

    /** The patch; empty when Patroni already has the desired configuration. */
    public static Map<String, Object> patch(Map<String, ?> desired, Map<String, ?> current) {
        return diff(desired, current == null ? Map.of() : current, List.of());
    }

    private static Map<String, Object> diff(Map<String, ?> desired, Map<String, ?> current, List<String> path) {
        Map<String, Object> patch = new LinkedHashMap<>();
        desired.forEach((key, want) -> {
            Object have = current.get(key);
            if (want instanceof Map<?, ?> wantMap && have instanceof Map<?, ?> haveMap) {
                Map<String, Object> nested = diff(asStringMap(wantMap), asStringMap(haveMap), append(path, key));
                if (!nested.isEmpty()) {
                    patch.put(key, nested);
                }
            } else if (!sameValue(want, have)) {
                patch.put(key, want);
            }
        });
        if (OWNED_MAPS.contains(path)) {
            current.forEach((key, have) -> {
                if (!desired.containsKey(key) && have != null) {
                    patch.put(key, null);
                }
            });
        }
        return patch;
    }

    private static boolean sameValue(Object want, Object have) {
        if (want == null || have == null) {
            return want == have;
        }
        if (want instanceof List<?> wantList) {
            if (!(have instanceof List<?> haveList) || wantList.size() != haveList.size()) {
                return false;
            }
            for (int i = 0; i < wantList.size(); i++) {
                if (!sameValue(wantList.get(i), haveList.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want instanceof Map<?, ?> || have instanceof Map<?, ?> || have instanceof List<?>) {
            return want.equals(have);
        }
        return String.valueOf(want).equals(String.valueOf(have));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asStringMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return List.copyOf(longer);
    }
}
