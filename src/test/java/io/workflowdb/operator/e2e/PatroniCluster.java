package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;
import io.workflowdb.operator.cluster.patroni.PatroniConfig;
import io.workflowdb.operator.cluster.patroni.PatroniEnv;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;
import io.workflowdb.operator.cluster.patroni.PatroniRoles;
import io.workflowdb.operator.testing.Processes;
import io.workflowdb.operator.testing.Timeouts;
import io.workflowdb.operator.tls.ServedTls;

import static org.awaitility.Awaitility.await;

/**
 * A Patroni cluster on loopback made the way the operator makes one: etcd, then the patroni.yml of
 * the operator's ConfigMap (rendered once by {@link DesiredCluster}, which uses the operator's
 * Patroni renderer) and one member per StatefulSet pod, named like the pods, each with the pod's
 * environment as the StatefulSet defines it (downward API and credentials Secret resolved by
 * {@link PodEnvironment}). On top come only the variables a shared loopback host needs instead of
 * a pod: see {@link #loopbackOverrides}.
 */
final class PatroniCluster implements AutoCloseable {

    static final Path ROOT = Path.of("target/e2e");
    static final String SOCKET_DIRECTORIES = "unix_socket_directories";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final E2eMachine machine;
    private final Path directory;
    private final EtcdProcess etcd;
    private final WorkflowDatabase resource;
    private final Credentials credentials;
    private final DesiredCluster desired;
    private final LoopbackTopology topology;
    private final Path configFile;
    private ClusterTlsFiles tls;
    private final Path tlsDirectory;
    private final Path clientAuthorityFile;
    private final Properties superuserTls;
    private final Properties clientTls;
    private final Map<String, String> overridesDescribed = new LinkedHashMap<>();
    private final List<PatroniNode> nodes = new ArrayList<>();

    /**
     * What the operator hands the pods of one cluster: the resource, its passwords, its patroni.yml, its
     * StatefulSet and the certificates of its TLS Secret.
     */
    record ClusterObjects(WorkflowDatabase resource, Credentials credentials, String patroniYml, StatefulSet statefulSet,
            ClusterTlsFiles tls) {

        /**
         * Rendered here by the operator's own code with fresh passwords and certificates, as its
         * reconciler renders and issues them (with TLS, the operator's default).
         */
        static ClusterObjects renderedFor(WorkflowDatabase resource) {
            Credentials credentials = Credentials.completing(Map.of());
            DesiredCluster desired = DesiredCluster.of(resource, credentials, ClusterSettings.defaults());
            return new ClusterObjects(resource, credentials, desired.patroniConfig().getData().get("patroni.yml"),
                    desired.statefulSet(), ClusterTlsFiles.issuedFor(resource));
        }
    }

    /** The objects for a cluster whose DCS is the etcd at {@code endpoint}. */
    @FunctionalInterface
    interface ObjectsSource {
        ClusterObjects forEtcd(String endpoint) throws Exception;
    }

    private PatroniCluster(E2eMachine machine, Path directory, EtcdProcess etcd, ClusterObjects objects,
            LoopbackTopology chosen) throws IOException {
        this.machine = machine;
        this.directory = directory;
        this.etcd = etcd;
        resource = objects.resource();
        credentials = objects.credentials();
        // the typed view of the same rendering, for the values the loopback overrides replace
        desired = DesiredCluster.of(resource, credentials, ClusterSettings.defaults());
        configFile = directory.resolve("patroni.yml");
        // the kubelet's part: the TLS Secret's files where every member reads them
        tls = objects.tls();
        tlsDirectory = directory.resolve("tls");
        tls.writeTo(tlsDirectory);
        clientAuthorityFile = directory.resolve("client-ca.crt");
        tls.writeAuthority(clientAuthorityFile);
        superuserTls = tls.superuser();
        clientTls = tls.trust();
        if (!objects.patroniYml().contains(ServedTls.DIRECTORY + "/")) {
            throw new IllegalStateException("the rendered patroni.yml serves no TLS: " + configFile);
        }
        Files.writeString(configFile, objects.patroniYml().replace(ServedTls.DIRECTORY + "/", tlsDirectory + "/"),
                StandardCharsets.UTF_8);
        overridesDescribed.put("patroni.yml " + ServedTls.DIRECTORY, "rewritten to " + tlsDirectory
                + " (the TLS Secret's mount; every other TLS setting as rendered)");
        Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-r--r--"));

        topology = chosen != null ? chosen : LoopbackTopology.choose(memberNames(resource),
                PatroniLayout.forVersion(ClusterDefaults.postgresVersion(resource.getSpec())));
        PatroniConfig.LocalPostgresql rendered = desired.patroni().config().postgresql();
        String socketDirectory = rendered.parameters().get(SOCKET_DIRECTORIES);
        for (LoopbackTopology.Member member : topology.members()) {
            Path memberDirectory = directory.resolve(member.name());
            Map<String, String> env = PodEnvironment.of(objects.statefulSet(), member.name(), member.host(), credentials);
            env.putAll(loopbackOverrides(member, memberDirectory, rendered));
            nodes.add(new PatroniNode(member, memberDirectory, machine.patroni(), configFile, env,
                    topology.privateSocketDirectories() ? socketDirectory : null));
        }
        System.out.printf("[e2e] %s%n[e2e] rendered patroni.yml: %s%n[e2e] per-member variables besides the"
                + " StatefulSet's: %s%n", topology.description(), configFile, overridesDescribed);
    }

    /** The StatefulSet's pod names, in ordinal order. */
    static List<String> memberNames(WorkflowDatabase resource) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ClusterDefaults.instances(resource.getSpec()); i++) {
            names.add(ClusterNames.member(resource, i));
        }
        return names;
    }

    /** Starts etcd and every member of the end-to-end resource, rendered here (see {@link E2eResource}). */
    static PatroniCluster start(E2eMachine machine, String run) throws Exception {
        return start(machine, run, null,
                endpoint -> ClusterObjects.renderedFor(E2eResource.workflowDatabase(endpoint, machine.postgresMajor())));
    }

    /**
     * Starts etcd, asks {@code source} for the cluster's objects, then starts every member at once
     * (the StatefulSet starts its pods in parallel). {@code topology} null chooses one.
     */
    static PatroniCluster start(E2eMachine machine, String run, LoopbackTopology topology, ObjectsSource source)
            throws Exception {
        Path directory = ROOT.resolve(run).toAbsolutePath();
        LeftoverProcesses.killMentioning(directory);
        deleteTree(directory);
        Files.createDirectories(directory);
        for (Path dir = directory; dir != null && dir.startsWith(ROOT.toAbsolutePath()); dir = dir.getParent()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        EtcdProcess etcd = EtcdProcess.start(machine.etcd(), directory.resolve("etcd"));
        PatroniCluster cluster = null;
        try {
            cluster = new PatroniCluster(machine, directory, etcd, source.forEtcd(etcd.endpoint()), topology);
            for (PatroniNode node : cluster.nodes) {
                node.start();
            }
            return cluster;
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                etcd.close();
            }
            throw e;
        }
    }

    /**
     * What a member on a shared loopback host needs that a pod has by itself, as Patroni's own
     * environment overrides: its listen addresses (0.0.0.0 in the file is the pod's own network),
     * its data directory and pgpass file (the pod's volume and private /tmp), connect addresses
     * only when members share 127.0.0.1 on distinct ports, and the binaries' directory only when
     * the installed one differs from the rendered one.
     */
    private Map<String, String> loopbackOverrides(LoopbackTopology.Member member, Path memberDirectory,
            PatroniConfig.LocalPostgresql rendered) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATRONI_RESTAPI_LISTEN", member.host() + ":" + member.restPort());
        env.put("PATRONI_POSTGRESQL_LISTEN", member.postgresAddress());
        env.put("PATRONI_POSTGRESQL_DATA_DIR", memberDirectory.resolve("data").toString());
        env.put("PATRONI_POSTGRESQL_PGPASS", memberDirectory.resolve(PatroniNode.PGPASS).toString());
        overridesDescribed.put("PATRONI_RESTAPI_LISTEN", "was " + desired.patroni().config().restapi().listen());
        overridesDescribed.put("PATRONI_POSTGRESQL_LISTEN", "was " + rendered.listen());
        overridesDescribed.put("PATRONI_POSTGRESQL_DATA_DIR", "was " + rendered.dataDir());
        overridesDescribed.put("PATRONI_POSTGRESQL_PGPASS", "was " + rendered.pgpass());
        // with TLS the StatefulSet names the pod's DNS name, which does not resolve here; the
        // certificate names these addresses, so members still verify each other's REST API
        env.put(PatroniEnv.RESTAPI_CONNECT_ADDRESS, member.host() + ":" + member.restPort());
        overridesDescribed.put(PatroniEnv.RESTAPI_CONNECT_ADDRESS, topology.privateSocketDirectories()
                ? "was the pod's DNS name (no cluster DNS here)" : "distinct ports on 127.0.0.1");
        if (!topology.privateSocketDirectories()) {
            env.put(PatroniEnv.POSTGRESQL_CONNECT_ADDRESS, member.postgresAddress());
            overridesDescribed.put(PatroniEnv.POSTGRESQL_CONNECT_ADDRESS, "distinct ports on 127.0.0.1");
        }
        if (!machine.postgresBin().toString().equals(rendered.binDir())) {
            env.put("PATRONI_POSTGRESQL_BIN_DIR", machine.postgresBin().toString());
            overridesDescribed.put("PATRONI_POSTGRESQL_BIN_DIR", "was " + rendered.binDir());
        }
        return env;
    }

    WorkflowDatabase resource() {
        return resource;
    }

    Credentials credentials() {
        return credentials;
    }

    DesiredCluster desired() {
        return desired;
    }

    LoopbackTopology topology() {
        return topology;
    }

    Path configFile() {
        return configFile;
    }

    /** The certificates the members serve now. */
    synchronized ClusterTlsFiles tls() {
        return tls;
    }

    /** Where the members read ca.crt, tls.crt and tls.key (the TLS Secret's mount). */
    Path tlsDirectory() {
        return tlsDirectory;
    }

    /** The CA as a file this JVM's clients read (PgJDBC's sslrootcert). */
    Path clientAuthorityFile() {
        return clientAuthorityFile;
    }

    /** PgJDBC properties ({@code PemTlsFactory}) trusting the cluster's CA, with no client certificate. */
    Properties clientTls() {
        return clientTls;
    }

    /** The same, also presenting the superuser's client certificate, as the operator does. */
    Properties superuserTls() {
        return superuserTls;
    }

    /** A renewal, as the kubelet shows a changed Secret: new server certificate and key in the members' files. */
    synchronized ClusterTlsFiles renewServerCertificate() throws IOException {
        return mount(tls.renewed(resource));
    }

    /**
     * Waits until every member's REST API and PostgreSQL serve the certificate {@code serial}, verified
     * with the mounted authority. Patroni opens its REST API's socket again while reloading: a refused
     * handshake counts as "not yet".
     */
    void awaitEveryMemberServes(String serial, Duration atMost) {
        String ca = tls.caPem();
        org.awaitility.Awaitility.await("every member serves certificate " + serial).atMost(atMost)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    for (PatroniNode node : nodes) {
                        LoopbackTopology.Member m = node.member();
                        org.assertj.core.api.Assertions.assertThat(TlsProbe.serial(TlsProbe.https(m.host(), m.restPort(), ca)))
                                .as("REST API of %s", node.name()).isEqualToIgnoringCase(serial);
                        org.assertj.core.api.Assertions.assertThat(TlsProbe.serial(TlsProbe.postgres(m.host(), m.postgresPort(), ca)))
                                .as("PostgreSQL on %s", node.name()).isEqualToIgnoringCase(serial);
                    }
                });
    }

    /** What the kubelet does when the TLS Secret changed: the members' files now hold {@code files}. */
    synchronized ClusterTlsFiles mount(ClusterTlsFiles files) throws IOException {
        tls = files;
        tls.writeTo(tlsDirectory);
        return tls;
    }

    Path directory() {
        return directory;
    }

    List<PatroniNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The member whose PostgreSQL listens on {@code postgresAddress} (host:port). */
    PatroniNode nodeServing(String postgresAddress) {
        return nodes.stream().filter(n -> n.member().postgresAddress().equals(postgresAddress)).findFirst().orElseThrow();
    }

    PatroniNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + name));
    }

    /** {@code GET /cluster} from the first member that answers. */
    Optional<ClusterView> view() {
        for (PatroniNode node : nodes) {
            Optional<ClusterView> view = Http.get(node.member().restUrl() + "/cluster", Duration.ofSeconds(2))
                    .filter(a -> a.status() == 200)
                    .map(a -> parse(a.body(), ClusterView.class));
            if (view.isPresent()) {
                return view;
            }
        }
        return Optional.empty();
    }

    /** {@code GET /config}: the dynamic configuration in the DCS. */
    Map<?, ?> dynamicConfiguration() {
        for (PatroniNode node : nodes) {
            Optional<Map<?, ?>> config = Http.get(node.member().restUrl() + "/config", Duration.ofSeconds(2))
                    .filter(a -> a.status() == 200).map(a -> parse(a.body(), Map.class));
            if (config.isPresent()) {
                return config.get();
            }
        }
        throw new IllegalStateException("no member answers GET /config");
    }

    /** The member whose REST API says it is the running primary. */
    Optional<PatroniNode> primary() {
        return nodes.stream().filter(n -> Http.get(n.member().restUrl() + "/primary", Duration.ofSeconds(1))
                .filter(a -> a.status() == 200).isPresent()).findFirst();
    }

    /**
     * Waits until the cluster is whole: every member running on one timeline, exactly one leader,
     * one synchronous standby, and on the leader every other member streaming, the synchronous
     * standby with sync_state {@code sync}.
     */
    ClusterView awaitHealthy(Duration timeout) {
        AtomicReference<String> problem = new AtomicReference<>("not checked yet");
        AtomicReference<ClusterView> healthy = new AtomicReference<>();
        try {
            await("cluster healthy").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                Optional<ClusterView> view = view();
                String p = view.isPresent() ? unhealthy(view.get()) : "no member answers GET /cluster (last: " + Http.lastFailure + ")";
                problem.set(p);
                healthy.set(view.orElse(null));
                return p == null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the cluster was not healthy within " + timeout + ": " + problem.get() + "\n"
                    + logTails(), e);
        }
        return healthy.get();
    }

    /** {@code null} when healthy, else the first thing that is not. */
    private String unhealthy(ClusterView view) {
        if (view.members().size() != nodes.size()) {
            return view.members().size() + " of " + nodes.size() + " members registered";
        }
        Optional<ClusterView.Member> leader = view.leader();
        if (leader.isEmpty() || !leader.get().running()) {
            return "no running leader: " + view.members();
        }
        List<ClusterView.Member> notRunning = view.members().stream().filter(m -> !m.running()).toList();
        if (!notRunning.isEmpty()) {
            return "not running: " + notRunning;
        }
        if (view.members().stream().anyMatch(m -> !leader.get().timeline().equals(m.timeline()))) {
            return "members on different timelines: " + view.members();
        }
        List<ClusterView.Member> sync = view.withRole(ClusterView.SYNC_STANDBY);
        if (sync.size() != 1) {
            return sync.size() + " synchronous standbys: " + view.members();
        }
        Map<String, Replication> replication;
        try {
            replication = replication(node(leader.get().name()));
        } catch (SQLException e) {
            return "cannot read pg_stat_replication on " + leader.get().name() + ": " + e.getMessage();
        }
        for (ClusterView.Member m : view.members()) {
            if (m == leader.get()) {
                continue;
            }
            Replication r = replication.get(m.name());
            if (r == null || !"streaming".equals(r.state())) {
                return m.name() + " is not streaming from " + leader.get().name() + ": " + replication;
            }
        }
        Replication syncReplication = replication.get(sync.get(0).name());
        if (!"sync".equals(syncReplication.syncState())) {
            return sync.get(0).name() + " is the synchronous standby in Patroni but " + syncReplication.syncState()
                    + " in PostgreSQL";
        }
        return null;
    }

    record Replication(String applicationName, String state, String syncState) {
    }

    /** The leader's pg_stat_replication, by application_name (Patroni sets it to the member name). */
    Map<String, Replication> replication(PatroniNode leader) throws SQLException {
        Map<String, Replication> rows = new LinkedHashMap<>();
        try (Connection c = superuser(leader, "postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT application_name, state, sync_state FROM pg_stat_replication")) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Replication(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    /**
     * A direct connection to one member as the superuser, as the operator makes it: TLS with
     * {@code verify-full} against the cluster's CA, the client certificate (CN=postgres) for the
     * {@code cert} rule, and the password of the credentials Secret besides.
     */
    Connection superuser(PatroniNode node, String database) throws SQLException {
        Properties props = superuserProperties();
        props.putAll(superuserTls);
        props.setProperty("sslmode", "verify-full");
        return DriverManager.getConnection("jdbc:postgresql://" + node.member().postgresAddress() + "/" + database, props);
    }

    /**
     * The superuser with its password only: {@code sslmode} as given, with TLS trusting the cluster's CA
     * but presenting no client certificate. The rendered pg_hba.conf is to refuse both.
     */
    Connection superuserWithPasswordOnly(PatroniNode node, String database, String sslmode) throws SQLException {
        Properties props = superuserProperties();
        props.setProperty("sslmode", sslmode);
        if (!"disable".equals(sslmode)) {
            props.putAll(clientTls);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + node.member().postgresAddress() + "/" + database, props);
    }

    private Properties superuserProperties() {
        Properties props = new Properties();
        props.setProperty("user", PatroniRoles.SUPERUSER);
        props.setProperty("password", credentials.get(Credentials.SUPERUSER));
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "workflowdb-e2e");
        return props;
    }

    record CommandResult(int exitCode, String output) {
    }

    /**
     * {@code patronictl -c <the rendered file> args...} in {@code node}'s environment, as
     * {@code kubectl exec <pod> -- patronictl -c /etc/patroni/patroni.yml ...} runs it: like Patroni,
     * patronictl 3.0.2 refuses a REST API user name without the password, which only the environment has.
     */
    CommandResult patronictl(PatroniNode node, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(machine.patronictl().toString(), "-c", configFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PATRONI_"));
        builder.environment().put("HOME", directory.toString());
        builder.environment().putAll(node.environment());
        Processes.Finished finished = Processes.run(builder, Timeouts.COMMAND);
        return new CommandResult(finished.exitCode(), finished.output());
    }

    /** The rows of {@code patronictl list --format json} run on {@code node}: Member, Role, State, TL, Lag in MB, .... */
    List<Map<String, Object>> patronictlList(PatroniNode node) throws IOException, InterruptedException {
        CommandResult list = patronictl(node, "list", "--format", "json");
        if (list.exitCode() != 0) {
            throw new AssertionError("patronictl list exited with " + list.exitCode() + ":\n" + list.output());
        }
        return JSON.readValue(list.output(), new TypeReference<List<Map<String, Object>>>() {
        });
    }

    /** The end of every member's log, for failure messages, with any password of the credentials blanked out. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        for (PatroniNode node : nodes) {
            out.append("----- last lines of ").append(node.log()).append(" -----\n").append(node.logTail(25)).append('\n');
        }
        String text = out.toString();
        for (String password : credentials.passwords().values()) {
            text = text.replace(password, "<redacted>");
        }
        return text;
    }

    /**
     * Stops every member (Patroni's own shutdown, a crash if it hangs), then etcd; nothing of this
     * run keeps running. The data directories (hundreds of MB) and pgpass files go; the logs stay
     * for reading.
     */
    @Override
    public void close() {
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::close))
                .toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        etcd.close();
        List<String> leftovers = LeftoverProcesses.killMentioning(directory);
        if (!leftovers.isEmpty()) {
            throw new IllegalStateException("processes of " + directory + " were still running and were killed: "
                    + leftovers);
        }
        try {
            for (PatroniNode node : nodes) {
                deleteTree(node.dataDirectory());
                deleteTree(node.runDirectory());
                // Patroni's pgpass holds the replication and rewind passwords
                Files.deleteIfExists(node.pgpass());
            }
            deleteTree(etcd.dataDirectory());
            Files.deleteIfExists(tlsDirectory.resolve(ServedTls.KEY_FILE));
        } catch (IOException e) {
            System.err.println("[e2e] could not delete the data directories under " + directory + ": " + e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
