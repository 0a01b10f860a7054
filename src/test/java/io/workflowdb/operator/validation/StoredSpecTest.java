package io.workflowdb.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.RetentionPolicyRules;

/**
 * A resource read from JSON the typed classes cannot hold (what a mock API server stores and a real
 * one refuses or prunes): reading never fails, and validation judges the spec as stored.
 */
class StoredSpecTest {

    /** Like the operator's client: unknown properties fail unless the class says otherwise. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper CLIENT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).addModule(new StoredSpecModule()).build();
    private static final ResourceValidator VALIDATOR = new ResourceValidator();

    static final String STORED = """
            {"apiVersion": "workflowdb.io/v1alpha1", "kind": "RetentionPolicy", "unknownTopLevel": 1,
             "metadata": {"name": "odd", "namespace": "apps"},
             "spec": {"databaseRef": {"name": "workflow-db"}, "table": "tasks", "timestampColumn": "completed_at",
                      "olderThan": "90d", "action": "delete", "bogus": true, "batchSize": "lots",
                      "where": [{"column": "status", "operator": "Equals", "values": ["done"], "extra": 1}],
                      "archive": {"table": 7}}}
            """;

    static List<String> fields(RetentionPolicy policy) {
        return VALIDATOR.validate(policy, RetentionPolicyRules::check).stream().map(Violation::field).toList();
    }

    @Test
    void readingNeverFailsAndTheTypedSpecKeepsWhatItCanRead() throws Exception {
        RetentionPolicy policy = STRICT.readValue(STORED, RetentionPolicy.class);
        RetentionPolicySpec spec = policy.getSpec();
        assertThat(spec.databaseRef.name).isEqualTo("workflow-db");
        assertThat(spec.table).isEqualTo("tasks");
        assertThat(spec.batchSize).isNull();
        assertThat(spec.where).singleElement().satisfies(w -> assertThat(w.values).containsExactly("done"));
    }

    @Test
    void validationJudgesTheSpecAsStored() throws Exception {
        assertThat(fields(STRICT.readValue(STORED, RetentionPolicy.class))).containsExactlyInAnyOrder("spec.bogus",
                "spec.batchSize", "spec.where[0].extra", "spec.archive.table");
    }

    @Test
    void anIntegerBeyondItsJavaTypeIsReadAsAbsentAndJudgedAsStored() throws Exception {
        RetentionPolicy policy = STRICT.readValue(STORED.replace("\"lots\"", "3000000000").replace(", \"bogus\": true", "")
                .replace(", \"extra\": 1", "").replace("\"table\": 7", "\"table\": \"tasks_archive\""), RetentionPolicy.class);
        assertThat(policy.getSpec().batchSize).isNull();
        assertThat(fields(policy)).containsExactly("spec.batchSize");
    }

    @Test
    void aCopyMadeThroughTheClientsMapperKeepsTheStoredSpec() throws Exception {
        RetentionPolicy original = CLIENT.readValue(STORED, RetentionPolicy.class);
        RetentionPolicy copy = CLIENT.readValue(CLIENT.writeValueAsString(original), RetentionPolicy.class);
        assertThat(fields(copy)).containsExactlyInAnyOrder("spec.bogus", "spec.batchSize", "spec.where[0].extra",
                "spec.archive.table");
    }

    @Test
    void aSpecSetInCodeIsJudgedInItsTypedForm() throws Exception {
        RetentionPolicy policy = STRICT.readValue(STORED, RetentionPolicy.class);
        RetentionPolicySpec replaced = STRICT.readValue(STRICT.writeValueAsString(policy.getSpec()), RetentionPolicySpec.class);
        replaced.archive = null;
        policy.setSpec(replaced);
        assertThat(policy.storedSpec()).isEmpty();
        assertThat(fields(policy)).isEmpty();
    }

    @Test
    void aSpecChangedInPlaceIsWrittenAndJudgedInItsTypedForm() throws Exception {
        RetentionPolicy policy = CLIENT.readValue(STORED, RetentionPolicy.class);
        assertThat(policy.storedSpec()).isPresent();
        policy.getSpec().dryRun = true;
        assertThat(policy.storedSpec()).isEmpty();
        assertThat(CLIENT.readTree(CLIENT.writeValueAsString(policy)).path("spec").path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void aSpecThatIsNoObjectIsReportedAsSuch() throws Exception {
        RetentionPolicy policy = STRICT.readValue(
                "{\"kind\": \"RetentionPolicy\", \"metadata\": {\"name\": \"x\"}, \"spec\": \"tasks\"}", RetentionPolicy.class);
        assertThat(policy.getSpec()).isNull();
        assertThat(VALIDATOR.validate(policy, RetentionPolicyRules::check)).singleElement()
                .satisfies(v -> assertThat(v.toString()).startsWith("spec: must be of type object"));
    }
}
