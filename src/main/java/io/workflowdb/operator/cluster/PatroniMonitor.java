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
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.observe.PatroniObservation;
import io.workflowdb.operator.cluster.patroni.ClusterState;
import io.workflowdb.operator.cluster.patroni.DynamicConfigDiff;
import io.workflowdb.operator.cluster.patroni.PatroniApiException;
import io.workflowdb.operator.cluster.patroni.PatroniClient;
import io.workflowdb.operator.cluster.patroni.PatroniRoles;

/**
 * Asks the members' Patroni REST API for the cluster's state and keeps its dynamic configuration
 * equal to the spec: a difference is sent to the leader with {@code PATCH /config}, which Patroni
 * applies without restarting anything (settings that need a restart then show as pending_restart).
 */
@ApplicationScoped
public class PatroniMonitor {

    private static final Logger LOG = Logger.getLogger(PatroniMonitor.class);

    @Inject
    ClusterSettings settings;

    final PatroniClient client = new PatroniClient();

    private record TlsClient(SSLContext trust, PatroniClient client) {
    }

    /** One HTTPS client per cluster with TLS, replaced when the cluster's authority changes. */
    private final Map<String, TlsClient> tlsClients = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param trust the cluster's authority when its REST API serves HTTPS; null for plain HTTP */
    PatroniObservation observe(WorkflowDatabase db, Credentials credentials, Map<String, Object> desiredDynamic,
            SSLContext trust) {
        PatroniClient client = client(db, trust);
        List<URI> members = members(db, trust != null);
        List<String> errors = new ArrayList<>();
        ClusterState state = firstAnswer(client, members, errors);
        if (state == null) {
            return PatroniObservation.unreachable("no Patroni REST API answered: " + String.join("; ", errors));
        }
        List<String> changed = List.of();
        String configError = null;
        var leader = state.leader();
        if (leader.isPresent() && !isMemberName(db, leader.get().name())) {
            configError = "the leader Patroni names is not a member of this cluster (expected "
                    + ClusterNames.name(db) + "-<ordinal>); dynamic configuration not applied";
            LOG.warnf("%s/%s: %s", ClusterNames.namespace(db), ClusterNames.name(db), configError);
        } else if (leader.isPresent()) {
            URI leaderUrl = memberUrl(db, leader.get().name(), trust != null);
            try {
                changed = syncDynamicConfiguration(client, db, leaderUrl, credentials, desiredDynamic);
            } catch (PatroniApiException e) {
                configError = e.getMessage();
                LOG.warnf("%s/%s: dynamic configuration not applied: %s", ClusterNames.namespace(db),
                        ClusterNames.name(db), configError);
            }
        }
        return new PatroniObservation(null, state.members().stream().map(PatroniMonitor::member).toList(), changed,
                configError);
    }

    /**
     * The members of a Patroni cluster the operator does not run (an external database's
     * {@code spec.external.patroniApi}): read only, the first endpoint that answers.
     */
    public PatroniObservation observe(List<URI> endpoints) {
        return observe(null, endpoints, null);
    }

    /**
     * The same, over HTTPS trusting {@code trust} (the CAs of {@code spec.external.caSecret}) when not
     * null, rather than the JVM's default authorities.
     */
    public PatroniObservation observe(WorkflowDatabase db, List<URI> endpoints, SSLContext trust) {
        List<String> errors = new ArrayList<>();
        ClusterState state = firstAnswer(db == null ? client : client(db, trust), endpoints, errors);
        return state == null ? PatroniObservation.unreachable("no Patroni REST API answered: " + String.join("; ", errors))
                : new PatroniObservation(null, state.members().stream().map(PatroniMonitor::member).toList(), List.of(), null);
    }

    /**
     * Asks every member whose REST API still serves another certificate than {@code serial} to reload:
     * Patroni then reads its certificate again and reloads PostgreSQL, which reads its own. A member
     * that does not answer is asked at the next look. Returns how many members still serve another.
     */
    int reloadCertificates(WorkflowDatabase db, Credentials credentials, SSLContext trust, String serial) {
        PatroniClient client = client(db, trust);
        int stale = 0;
        for (URI member : members(db, true)) {
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

    private PatroniClient client(WorkflowDatabase db, SSLContext trust) {
        if (trust == null) {
            return client;
        }
        return tlsClients.compute(ClusterNames.namespace(db) + "/" + ClusterNames.name(db),
                (key, current) -> current != null && current.trust() == trust ? current
                        : new TlsClient(trust, new PatroniClient(trust))).client();
    }

    private List<URI> members(WorkflowDatabase db, boolean tls) {
        List<URI> members = new ArrayList<>();
        for (int i = 0; i < ClusterDefaults.instances(db.getSpec()); i++) {
            members.add(memberUrl(db, ClusterNames.member(db, i), tls));
        }
        return members;
    }

    private static ClusterState firstAnswer(PatroniClient client, List<URI> endpoints, List<String> errors) {
        for (URI url : endpoints) {
            try {
                return client.cluster(url);
            } catch (PatroniApiException e) {
                errors.add(e.getMessage());
            }
        }
        return null;
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

    private URI memberUrl(WorkflowDatabase db, String pod, boolean tls) {
        return URI.create(settings.patroniApiUrl(pod, ClusterNames.name(db), ClusterNames.namespace(db), tls));
    }

    private static PatroniObservation.Member member(ClusterState.Member m) {
        return new PatroniObservation.Member(m.name(), m.role(), m.state(), m.lagBytes(),
                m.timeline() == null ? null : m.timeline().intValue(), m.pendingRestart());
    }
}
