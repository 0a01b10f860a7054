package io.workflowdb.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

class RenderCommandTest {

    static CommandRun render(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "render";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandRun.of(all);
    }

    @Test
    void printsEveryObjectOfTheExampleWithSecretsRedacted() throws Exception {
        CommandRun run = render("-f", "examples/workflowdatabase.yaml");
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .<JsonNode>readValues(run.out()).readAll();
        assertThat(documents).extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .containsExactly("Secret/workflow-db-credentials", "ServiceAccount/workflow-db-patroni",
                        "Role/workflow-db-patroni", "RoleBinding/workflow-db-patroni", "ConfigMap/workflow-db-patroni",
                        "Service/workflow-db", "Service/workflow-db-primary", "Service/workflow-db-replicas",
                        "NetworkPolicy/workflow-db", "StatefulSet/workflow-db", "PodDisruptionBudget/workflow-db",
                        "ConfigMap/workflow-db-pooler",
                        "Secret/workflow-db-pooler-auth", "Deployment/workflow-db-pooler", "Service/workflow-db-pooler",
                        "Secret/workflow-db-app");
        for (JsonNode document : documents) {
            assertThat(document.path("metadata").path("namespace").asText()).isEqualTo("apps");
            assertThat(document.path("metadata").path("ownerReferences").get(0).path("kind").asText())
                    .isEqualTo("WorkflowDatabase");
            if ("Secret".equals(document.path("kind").asText())) {
                assertThat(document.has("data")).isFalse();
                document.path("stringData").forEach(v -> assertThat(v.asText()).isEqualTo("<redacted>"));
            }
        }
        JsonNode app = documents.get(documents.size() - 1).path("stringData");
        assertThat(app.has("jdbc-uri")).isTrue();
        assertThat(app.has("direct-ro-jdbc-uri")).isTrue();
        assertThat(run.out()).contains("pgbouncer.ini").contains("patroni.yml").contains("workflowdb.io/config-checksum");
    }

    @Test
    void configOnlyWritesPatroniAndPgBouncerFilesPerDatabase(@TempDir Path dir) throws Exception {
        CommandRun run = render("-f", "examples/workflowdatabase.yaml", "-f", "src/test/resources/render/workflowdatabase-maximal.yaml",
                "--config-only", "-o", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(dir.resolve("apps/workflow-db/patroni.yml"))).contains("scope: \"workflow-db\"");
        assertThat(Files.readString(dir.resolve("apps/workflow-db/pgbouncer.ini"))).contains("[databases]");
        assertThat(Files.readString(dir.resolve("prod/orders-db/patroni.yml"))).contains("etcd3");
        assertThat(Files.readString(dir.resolve("prod/orders-db/pgbouncer.ini"))).contains("pool_mode = session");
    }

    @Test
    void externalDatabasesRenderNothingAndInvalidOnesFail() {
        CommandRun external = render("-f", "examples/workflow-database-external.yaml");
        assertThat(external.exit()).isZero();
        assertThat(external.out()).isEmpty();
        assertThat(external.err()).contains("external database, the operator creates no objects");

        CommandRun invalid = render("-f", "src/test/resources/invalid/53-database-pgbouncer-parameter-semicolon.yaml");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.out()).as("nothing is rendered for an invalid resource").isEmpty();
        assertThat(invalid.err()).contains("spec.pgbouncer.parameters.server_reset_query");
    }
}
