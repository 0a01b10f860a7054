package io.workflowdb.operator.cluster.observe;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.patroni.PatroniClient;

/**
 * The clients of the members' Patroni REST API and the members' addresses, shared by the one that
 * reads the cluster's state and the one that changes its configuration.
 */
@ApplicationScoped
public class PatroniClients {

    @Inject
    ClusterSettings settings;

    private final PatroniClient plain = new PatroniClient();

    private record TlsClient(SSLContext trust, PatroniClient client) {
    }

    /** One HTTPS client per cluster with TLS, replaced when the cluster's authority changes. */
    private final Map<String, TlsClient> tlsClients = new ConcurrentHashMap<>();

    /** @param trust the cluster's authority when its REST API serves HTTPS; null for plain HTTP */
    public PatroniClient client(WorkflowDatabase db, SSLContext trust) {
        if (trust == null) {
            return plain;
        }
        return tlsClients.compute(ClusterNames.namespace(db) + "/" + ClusterNames.name(db),
                (key, current) -> current != null && current.trust() == trust ? current
                        : new TlsClient(trust, new PatroniClient(trust))).client();
    }

    /** The REST API of every member the spec asks for. */
    public List<URI> members(WorkflowDatabase db, boolean tls) {
        List<URI> members = new ArrayList<>();
        for (int i = 0; i < ClusterDefaults.instances(db.getSpec()); i++) {
            members.add(memberUrl(db, ClusterNames.member(db, i), tls));
        }
        return members;
    }

    public URI memberUrl(WorkflowDatabase db, String pod, boolean tls) {
        return URI.create(settings.patroniApiUrl(pod, ClusterNames.name(db), ClusterNames.namespace(db), tls));
    }
}
