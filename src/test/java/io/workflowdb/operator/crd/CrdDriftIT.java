package io.workflowdb.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Runs after packaging, when the build has generated the CRDs from the API classes. */
class CrdDriftIT {

    @Test
    void committedCrdsEqualWhatTheBuildGenerates() {
        for (String name : CrdFiles.NAMES) {
            Path generated = CrdFiles.GENERATED.resolve(name);
            Path committed = CrdFiles.COMMITTED.resolve(name);
            assertThat(generated).as("the build generated " + generated).exists();
            assertThat(Files.exists(committed) ? CrdFiles.text(committed) : "")
                    .as(committed + " differs from the CRD generated from the API classes. Refresh it with:\n"
                            + "  ./mvnw -q package -DskipTests && cp target/kubernetes/*.workflowdb.io-v1.yml deploy/crds/\n"
                            + "then rebuild so the artifact carries the new schema")
                    .isEqualTo(CrdFiles.text(generated));
        }
    }
}
