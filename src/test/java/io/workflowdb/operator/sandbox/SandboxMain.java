package io.workflowdb.operator.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.workflowdb.operator.testing.Timeouts;

/**
 * {@code ./mvnw -Psandbox package}: builds the operator, then starts the sandbox (Kubernetes API
 * and PostgreSQL on loopback), runs the packaged operator against it, applies the examples, and
 * prints how to reach everything. Runs until Ctrl-C, which stops the operator, the API and
 * PostgreSQL; the database stays in target/sandbox/postgres for the next start, while the API
 * starts empty again.
 *
 * <p>System properties: {@code sandbox.postgresPort} (15432), {@code sandbox.apiPort} (0: free),
 * {@code sandbox.httpPort} (the operator's HTTP port, 8080).
 */
public final class SandboxMain {

    static final Duration READY_WITHIN = Timeouts.SANDBOX_START;

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Sandbox.Options defaults = Sandbox.Options.defaults();
        Sandbox.Options options = new Sandbox.Options(defaults.directory(),
                Integer.getInteger("sandbox.postgresPort", defaults.postgresPort()),
                Integer.getInteger("sandbox.apiPort", defaults.apiPort()));
        int httpPort = Integer.getInteger("sandbox.httpPort", 8080);

        Sandbox sandbox = Sandbox.start(options);
        SandboxOperator operator;
        try {
            operator = SandboxOperator.start(sandbox.apiUrl(), Sandbox.NAMESPACE, httpPort, null, List.of(), Map.of());
        } catch (Exception e) {
            sandbox.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            sandbox.close();
        }, "sandbox-stop"));

        SandboxData.Loaded loaded = sandbox.bringUp(READY_WITHIN);
        Path kubeconfig = sandbox.kubeconfig();
        System.out.printf("""

                ============================================================================
                 workflowdb sandbox is up (operator pid %d)
                ----------------------------------------------------------------------------
                 Kubernetes API  %s  (kubectl works; no kubelet, so no pods run)
                   export KUBECONFIG=%s
                   kubectl get workflowdb
                 PostgreSQL 17   %s
                   user %s, password in %s
                 %s
                 Operator        http://localhost:%d/q/health  /q/metrics
                 Ctrl-C stops it all; the database stays for the next start.
                ============================================================================
                %n""", operator.pid(), sandbox.apiUrl(), kubeconfig, sandbox.postgres().jdbcUrl(), SandboxPostgres.USER,
                options.directory().toAbsolutePath().resolve("postgres.password"),
                loaded.any() ? String.format("loaded %d tasks, %d executions, %d validations, %d events over 15 months,"
                        + "%n %d audit_log rows over 12 months (converted online: kubectl get wfpp -o wide -w)",
                        loaded.tasks(), loaded.executions(), loaded.validations(), loaded.events(), loaded.auditLog())
                        : "data kept from the last start",
                httpPort);
        System.exit(operator.waitFor());
    }
}
