package io.workflowdb.operator.cluster;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.observe.PatroniClients;
import io.workflowdb.operator.cluster.observe.PatroniObservation;
import io.workflowdb.operator.cluster.patroni.DynamicConfigDiff;
import io.workflowdb.operator.cluster.patroni.PatroniApiException;
import io.workflowdb.operator.cluster.patroni.PatroniClient;
import io.workflowdb.operator.cluster.patroni.PatroniRoles;

/**
 * Changes a running managed cluster through the members' Patroni REST API: keeps its dynamic
 * configuration equal to the spec (a difference is sent to the leader with {@code PATCH /config},
 * which Patroni applies without restarting anything; settings that need a restart then show as
 * pending_restart), and asks members to load a renewed certificate ({@code POST /reload}).
 */
@ApplicationScoped
public class PatroniConfigWriter {

    private static final Logger LOG = Logger.getLogger(PatroniConfigWriter.class);

    @Inject
    PatroniClients clients;

    /**
     * Sends the leader {@code observed} names the difference between {@code desiredDynamic} and its
     * dynamic configuration. Returns {@code observed} with the settings changed, or why none could be.
     *
     * @param trust the cluster's authority when its REST API serves HTTPS; null for plain HTTP
     */
    PatroniObservation applyDynamicConfiguration(WorkflowDatabase db, PatroniObservation observed, Credentials credentials,
            Map<String, Object> desiredDynamic, SSLContext trust) {
        var leader = observed.namedLeader();
        if (!observed.reachable() || leader.isEmpty()) {
            return observed;
        }
        if (!isMemberName(db, leader.get().name())) {
            String error = "the leader Patroni names is not a member of this cluster (expected "
                    + ClusterNames.name(db) + "-<ordinal>); dynamic configuration not applied";
            LOG.warnf("%s/%s: %s", ClusterNames.namespace(db), ClusterNames.name(db), error);
            return observed.withConfiguration(List.of(), error);
        }
        URI leaderUrl = clients.memberUrl(db, leader.get().name(), trust != null);
        try {
            return observed.withConfiguration(
                    syncDynamicConfiguration(clients.client(db, trust), db, leaderUrl, credentials, desiredDynamic), null);
        } catch (PatroniApiException e) {
            LOG.warnf("%s/%s: dynamic configuration not applied: %s", ClusterNames.namespace(db), ClusterNames.name(db),
                    e.getMessage());
            return observed.withConfiguration(List.of(), e.getMessage());
        }
    }

    /**
     * Asks every member whose REST API still serves another certificate than {@code serial} to reload:
     * Patroni then reads its certificate again and reloads PostgreSQL, which reads its own. A member
     * that does not answer is asked at the next look. Returns how many members still serve another.
     */
    int reloadCertificates(WorkflowDatabase db, Credentials credentials, SSLContext trust, String serial) {
        PatroniClient client = clients.client(db, trust);
        int stale = 0;
        for (URI member : clients.members(db, true)) {
            try {
                if (!serial.equalsIgnoreCase(client.servedCertificateSerial(member))) {
                    stale++;
                    client.reload(member, PatroniRoles.REST_API, credentials.get(Credentials.REST_API));
                    LOG.infof("%s/%s: asked %s to load the renewed certificate", ClusterNames.namespace(db),
                            ClusterNames.name(db), member.getHost());
                }
            } catch (PatroniApiException e) {
                stale++;
                LOG.debugf("%s/%s: certificate reload not confirmed: %s", ClusterNames.namespace(db), ClusterNames.name(db),
                        e.getMessage());
            }
        }
        return stale;
    }

    private static List<String> syncDynamicConfiguration(PatroniClient client, WorkflowDatabase db, URI leaderUrl,
            Credentials credentials, Map<String, Object> desired) {
        Map<String, Object> patch = DynamicConfigDiff.patch(desired, client.config(leaderUrl));
        if (patch.isEmpty()) {
            return List.of();
        }
        client.patchConfig(leaderUrl, patch, PatroniRoles.REST_API, credentials.get(Credentials.REST_API));
        List<String> keys = paths("", patch);
        LOG.infof("%s/%s: applied %s through Patroni", ClusterNames.namespace(db), ClusterNames.name(db), keys);
        return keys;
    }

    /** The dotted paths of a patch's leaves, such as postgresql.parameters.work_mem, for status. */
    @SuppressWarnings("unchecked")
    static List<String> paths(String prefix, Map<String, ?> patch) {
        List<String> paths = new ArrayList<>();
        patch.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                paths.addAll(paths(prefix + key + ".", (Map<String, ?>) nested));
            } else {
                paths.add(prefix + key);
            }
        });
        return paths;
    }

    /**
     * Whether a member name from {@code GET /cluster} is one of this cluster's pods,
     * {@code <name>-<ordinal>}: only such a name goes into the URL the operator sends the REST API's
     * password to. Anything that can write the DCS can write a leader name.
     */
    static boolean isMemberName(WorkflowDatabase db, String member) {
        return member != null
                && Pattern.matches(Pattern.quote(ClusterNames.name(db)) + "-[0-9]{1,9}", member);
    }
}
