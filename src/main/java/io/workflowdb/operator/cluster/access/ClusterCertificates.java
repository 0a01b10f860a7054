package io.workflowdb.operator.cluster.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.patroni.PatroniRoles;
import io.workflowdb.operator.tls.CertificateIssuer;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.tls.Pem;

/**
 * What a cluster's certificates are and when they are issued again. Pure: the store reads and writes
 * the Secrets, this decides.
 */
public final class ClusterCertificates {

    static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    /** A server certificate is issued again this long before it expires. */
    static final Duration SERVER_RENEW_BEFORE = Duration.ofDays(30);
    /** The operator's own client certificate lives in its memory only, briefly. */
    static final Duration OPERATOR_VALIDITY = Duration.ofDays(2);
    static final Duration OPERATOR_RENEW_BEFORE = Duration.ofDays(1);

    private ClusterCertificates() {
    }

    public static KeyAndCertificate newAuthority(WorkflowDatabase db, Instant now) {
        return CertificateIssuer.newAuthority("workflowdb " + ClusterNames.namespace(db) + "/" + ClusterNames.name(db)
                + " CA", now, AUTHORITY_VALIDITY);
    }

    public static KeyAndCertificate issueServer(WorkflowDatabase db, KeyAndCertificate authority, List<String> extraNames,
            Instant now) {
        return CertificateIssuer.issueServer(authority, ClusterNames.primaryService(db), dnsNames(db, extraNames),
                ipAddresses(extraNames), now, SERVER_VALIDITY);
    }

    /** The superuser's certificate the operator logs in with for set-up (PostgreSQL's cert method). */
    static KeyAndCertificate issueOperator(KeyAndCertificate authority, Instant now) {
        return CertificateIssuer.issueClient(authority, PatroniRoles.SUPERUSER, now, OPERATOR_VALIDITY);
    }

    /**
     * Every name a client may reach a member or the pooler by: the Services in their short and
     * qualified forms, each pod under the headless Service, {@code localhost} for the pod itself, and
     * the operator's configured extra names.
     */
    static List<String> dnsNames(WorkflowDatabase db, List<String> extraNames) {
        String namespace = ClusterNames.namespace(db);
        List<String> names = new ArrayList<>();
        for (String service : List.of(ClusterNames.primaryService(db), ClusterNames.replicasService(db),
                ClusterNames.pooler(db), ClusterNames.cluster(db))) {
            names.add(service);
            names.add(service + "." + namespace);
            names.add(service + "." + namespace + ".svc");
            names.add(service + "." + namespace + ".svc.cluster.local");
        }
        names.add("*." + ClusterNames.cluster(db) + "." + namespace + ".svc");
        names.add("*." + ClusterNames.cluster(db) + "." + namespace + ".svc.cluster.local");
        names.add("localhost");
        extraNames.stream().filter(n -> !isIpAddress(n)).forEach(names::add);
        return names;
    }

    static List<String> ipAddresses(List<String> extraNames) {
        List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
        extraNames.stream().filter(ClusterCertificates::isIpAddress).filter(ip -> !ips.contains(ip)).forEach(ips::add);
        return ips;
    }

    static boolean isIpAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    /**
     * Why {@code current} must be issued again, or null when it serves: missing, signed by another
     * authority, naming other hosts, or expiring within {@link #SERVER_RENEW_BEFORE}.
     */
    static String serverRenewal(WorkflowDatabase db, KeyAndCertificate current, KeyAndCertificate authority,
            List<String> extraNames, Instant now) {
        if (current == null) {
            return "no server certificate yet";
        }
        if (!signedBy(current, authority)) {
            return "the server certificate was not issued by the cluster's authority";
        }
        if (!current.dnsNames().equals(dnsNames(db, extraNames)) || !current.ipAddresses().equals(ipAddresses(extraNames))) {
            return "the server certificate names other hosts";
        }
        if (current.notAfter().isBefore(now.plus(SERVER_RENEW_BEFORE))) {
            return "the server certificate expires on " + current.notAfter();
        }
        return null;
    }

    /** Whether the operator's in-memory client certificate must be issued again. */
    static boolean operatorRenewal(KeyAndCertificate current, KeyAndCertificate authority, Instant now) {
        return current == null || !signedBy(current, authority) || current.notAfter().isBefore(now.plus(OPERATOR_RENEW_BEFORE));
    }

    static boolean signedBy(KeyAndCertificate certificate, KeyAndCertificate authority) {
        try {
            Pem.certificates(certificate.certificatePem()).get(0)
                    .verify(Pem.certificates(authority.certificatePem()).get(0).getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
