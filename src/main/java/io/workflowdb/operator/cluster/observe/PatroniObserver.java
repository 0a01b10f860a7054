package io.workflowdb.operator.cluster.observe;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.patroni.ClusterState;
import io.workflowdb.operator.cluster.patroni.PatroniApiException;
import io.workflowdb.operator.cluster.patroni.PatroniClient;

/**
 * Asks the members' Patroni REST API for the cluster's state ({@code GET /cluster}). Read only:
 * whatever changes the cluster is {@code PatroniConfigWriter}'s.
 */
@ApplicationScoped
public class PatroniObserver {

    @Inject
    PatroniClients clients;

    /**
     * The members of a managed cluster, as the first member that answers reports them.
     *
     * @param trust the cluster's authority when its REST API serves HTTPS; null for plain HTTP
     */
    public PatroniObservation observe(WorkflowDatabase db, SSLContext trust) {
        return firstAnswer(clients.client(db, trust), clients.members(db, trust != null));
    }

    /**
     * The members of a Patroni cluster the operator does not run (an external database's
     * {@code spec.external.patroniApi}): the first endpoint that answers, over HTTPS trusting
     * {@code trust} (the CAs of {@code spec.external.caSecret}) when not null, rather than the JVM's
     * default authorities.
     */
    public PatroniObservation observe(WorkflowDatabase db, List<URI> endpoints, SSLContext trust) {
        return firstAnswer(clients.client(db, trust), endpoints);
    }

    private static PatroniObservation firstAnswer(PatroniClient client, List<URI> endpoints) {
        List<String> errors = new ArrayList<>();
        for (URI url : endpoints) {
            try {
                ClusterState state = client.cluster(url);
                return new PatroniObservation(null, state.members().stream().map(PatroniObserver::member).toList(),
                        List.of(), null);
            } catch (PatroniApiException e) {
                errors.add(e.getMessage());
            }
        }
        return PatroniObservation.unreachable("no Patroni REST API answered: " + String.join("; ", errors));
    }

    private static PatroniObservation.Member member(ClusterState.Member m) {
        return new PatroniObservation.Member(m.name(), m.role(), m.state(), m.lagBytes(),
                m.timeline() == null ? null : m.timeline().intValue(), m.pendingRestart());
    }
}
