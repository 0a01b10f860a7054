package io.workflowdb.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The CRD schema check on resources as written, for what the corpus does not show one by one. */
class SchemaValidatorTest {

    private static final CrdSchemas SCHEMAS = new CrdSchemas();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<Violation> check(String yaml) throws Exception {
        JsonNode resource = YAML.readTree(yaml);
        return SCHEMAS.forKind(resource.path("kind").asText()).orElseThrow().validateSpec(resource);
    }

    static String retention(String table, String olderThan) {
        return """
                kind: RetentionPolicy
                spec:
                  databaseRef: {name: workflow-db}
                  table: %s
                  timestampColumn: completed_at
                  olderThan: %s
                  action: delete
                """.formatted(table, olderThan);
    }

    @Test
    void aLineBreakAfterAnIdentifierOrADurationIsRefused() throws Exception {
        assertThat(check(retention("tasks", "90d"))).isEmpty();
        assertThat(check(retention("\"tasks\\n\"", "90d"))).extracting(Violation::field).containsExactly("spec.table");
        assertThat(check(retention("tasks", "\"90d\\n\""))).extracting(Violation::field).containsExactly("spec.olderThan");
        assertThat(check(retention("\"\\ntasks\"", "\" 90d\""))).extracting(Violation::field)
                .containsExactly("spec.table", "spec.olderThan");
    }

    @Test
    void anIntegerBeyondSixtyFourBitsIsNotAnInteger() throws Exception {
        List<Violation> violations = check(retention("tasks", "90d") + "  batchSize: 99999999999999999999\n");
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.batchSize");
            assertThat(v.message()).contains("must be of type integer");
        });
    }
}
