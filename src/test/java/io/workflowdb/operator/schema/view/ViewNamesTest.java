package io.workflowdb.operator.schema.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ViewNamesTest {

    @Test
    void unqualifiedNameLivesInTheDefaultSchema() {
        ViewNames n = ViewNames.of("daily_task_metrics", "public");
        assertThat(n.declared()).isEqualTo("daily_task_metrics");
        assertThat(n.schema()).isEqualTo("public");
        assertThat(n.uniqueIndex()).isEqualTo("daily_task_metrics_ukey");
        assertThat(n.tempView()).isEqualTo("daily_task_metrics_next");
        assertThat(n.tempUniqueIndex()).isEqualTo("daily_task_metrics_next_ukey");
        assertThat(n.qualifiedView()).isEqualTo("\"public\".\"daily_task_metrics\"");
        assertThat(n.qualifiedTempUniqueIndex()).isEqualTo("\"public\".\"daily_task_metrics_next_ukey\"");
    }

    @Test
    void qualifiedNameKeepsItsSchema() {
        ViewNames n = ViewNames.of("analytics.daily", "public");
        assertThat(n.declared()).isEqualTo("analytics.daily");
        assertThat(n.schema()).isEqualTo("analytics");
        assertThat(n.view()).isEqualTo("daily");
        assertThat(n.qualifiedTempView()).isEqualTo("\"analytics\".\"daily_next\"");
    }

    @Test
    void longNamesAreCutTo63BytesWithoutColliding() {
        String a = "a".repeat(60) + "_x";
        String b = "a".repeat(60) + "_y";
        ViewNames na = ViewNames.of(a, "public");
        ViewNames nb = ViewNames.of(b, "public");
        for (String derived : new String[] { na.uniqueIndex(), na.tempView(), na.tempUniqueIndex() }) {
            assertThat(derived.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        }
        assertThat(na.tempUniqueIndex()).endsWith("_next_ukey").hasSize(63);
        assertThat(na.uniqueIndex()).isNotEqualTo(nb.uniqueIndex());
        assertThat(na.tempView()).isNotEqualTo(nb.tempView());
    }

    @Test
    void cuttingNeverSplitsACharacter() {
        String derived = ViewNames.derive("é".repeat(31), "_next_ukey");
        assertThat(derived.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(derived).startsWith("é".repeat(22) + "_").endsWith("_next_ukey");
    }
}
