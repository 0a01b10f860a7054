package io.workflowdb.operator.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.workflowdb.operator.cluster.access.Credentials;

/**
 * The environment the kubelet would give one pod of the operator's StatefulSet: downward-API
 * fields ({@code metadata.name}, {@code status.podIP}), keys of the credentials Secret, and
 * {@code $(VAR)} references to variables defined earlier in the list, as Kubernetes expands them.
 */
final class PodEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private PodEnvironment() {
    }

    /** The first container's variables, resolved for the pod {@code podName} at {@code podIp}. */
    static Map<String, String> of(StatefulSet statefulSet, String podName, String podIp, Credentials credentials) {
        List<EnvVar> env = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        Map<String, String> resolved = new LinkedHashMap<>();
        for (EnvVar variable : env) {
            String value = variable.getValueFrom() != null
                    ? source(variable.getName(), variable.getValueFrom(), podName, podIp, credentials)
                    : expand(variable.getValue() == null ? "" : variable.getValue(), resolved);
            resolved.put(variable.getName(), value);
        }
        return resolved;
    }

    private static String source(String name, EnvVarSource from, String podName, String podIp, Credentials credentials) {
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> podName;
                case "status.podIP" -> podIp;
                default -> throw new IllegalArgumentException(
                        name + ": unexpected field " + from.getFieldRef().getFieldPath());
            };
        }
        if (from.getSecretKeyRef() != null) {
            String value = credentials.get(from.getSecretKeyRef().getKey());
            if (value == null) {
                throw new IllegalArgumentException(
                        name + ": the credentials have no key " + from.getSecretKeyRef().getKey());
            }
            return value;
        }
        throw new IllegalArgumentException(name + ": unexpected value source " + from);
    }

    /** Kubernetes' rule: {@code $(NAME)} of an earlier variable is replaced, an unknown one stays as written. */
    private static String expand(String value, Map<String, String> earlier) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = earlier.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
