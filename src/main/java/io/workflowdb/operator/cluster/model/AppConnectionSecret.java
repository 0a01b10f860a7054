package io.workflowdb.operator.cluster.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.access.Credentials;

/**
 * {@code <name>-app}: everything an application needs to connect as the database owner. The plain
 * keys go through the pooler (or straight to the primary Service when the pooler is off); {@code ro-*}
 * reach the replicas; {@code direct-*} bypass the pooler with multi-host URLs that find the primary
 * (or prefer a replica) by themselves after a failover.
 */
final class AppConnectionSecret {

    static final int PORT = 5432;

    private AppConnectionSecret() {
    }

    /** The CA certificate applications verify the servers with, when the cluster serves TLS. */
    static final String CA_KEY = "ca.crt";

    static Secret build(WorkflowDatabase db, Credentials credentials, ClusterTls tls) {
        WorkflowDatabaseSpec spec = db.getSpec();
        String namespace = ClusterNames.namespace(db);
        String database = ClusterDefaults.database(spec);
        String user = ClusterDefaults.owner(spec);
        String password = credentials.get(Credentials.OWNER);
        boolean pooled = ClusterDefaults.poolerEnabled(spec);
        boolean pooledReads = pooled && ClusterDefaults.readOnlyDatabase(spec);
        // PgBouncer 1.18 in transaction mode cannot keep server-side prepared statements
        String pooledJdbcQuery = pooled && ClusterDefaults.poolerSharesSessions(spec) ? "prepareThreshold=0" : "";
        String sslMode = tls.served().mode().clientSslMode();
        String ssl = sslMode == null ? "" : "sslmode=" + sslMode;

        String host = service(pooled ? ClusterNames.pooler(db) : ClusterNames.primaryService(db), namespace);
        String roHost = service(pooledReads ? ClusterNames.pooler(db) : ClusterNames.replicasService(db), namespace);
        String roDatabase = pooledReads ? database + "_ro" : database;
        List<String> members = new ArrayList<>();
        for (int i = 0; i < ClusterDefaults.instances(spec); i++) {
            members.add(ClusterNames.member(db, i) + "." + service(ClusterNames.cluster(db), namespace) + ":" + PORT);
        }
        String memberList = String.join(",", members);

        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", host);
        values.put("port", Integer.toString(PORT));
        values.put("dbname", database);
        values.put("user", user);
        values.put("password", password);
        values.put("uri", uri(user, password, host + ":" + PORT, database, ssl));
        values.put("jdbc-uri", jdbc(host + ":" + PORT, database, user, password, join(pooledJdbcQuery, ssl)));
        values.put("ro-host", roHost);
        values.put("ro-dbname", roDatabase);
        values.put("ro-uri", uri(user, password, roHost + ":" + PORT, roDatabase, ssl));
        values.put("ro-jdbc-uri", jdbc(roHost + ":" + PORT, roDatabase, user, password, join(pooledJdbcQuery, ssl)));
        values.put("direct-host", service(ClusterNames.primaryService(db), namespace));
        values.put("direct-uri", uri(user, password, memberList, database, join("target_session_attrs=read-write", ssl)));
        values.put("direct-jdbc-uri", jdbc(memberList, database, user, password, join("targetServerType=primary", ssl)));
        values.put("direct-ro-uri", uri(user, password, memberList, database,
                join("target_session_attrs=prefer-standby&load_balance_hosts=random", ssl)));
        values.put("direct-ro-jdbc-uri", jdbc(memberList, database, user, password,
                join("targetServerType=preferSecondary&loadBalanceHosts=true", ssl)));
        if (sslMode != null) {
            values.put("sslmode", sslMode);
        }
        if (tls.authorityPem() != null) {
            values.put(CA_KEY, tls.authorityPem());
        }

        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Credentials.encode(v)));
        return new SecretBuilder().withNewMetadata().withName(ClusterNames.appSecret(db)).withNamespace(namespace)
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_CONNECTION)).endMetadata()
                .withType("Opaque").withData(data).build();
    }

    private static String join(String query, String more) {
        return query.isEmpty() ? more : more.isEmpty() ? query : query + "&" + more;
    }

    private static String service(String name, String namespace) {
        return name + "." + namespace + ".svc";
    }

    private static String uri(String user, String password, String hosts, String database, String query) {
        return "postgresql://" + encode(user) + ":" + encode(password) + "@" + hosts + "/" + database
                + (query.isEmpty() ? "" : "?" + query);
    }

    private static String jdbc(String hosts, String database, String user, String password, String query) {
        return "jdbc:postgresql://" + hosts + "/" + database + "?user=" + encode(user) + "&password=" + encode(password)
                + (query.isEmpty() ? "" : "&" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
