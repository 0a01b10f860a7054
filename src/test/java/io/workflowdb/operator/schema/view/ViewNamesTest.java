package io.workflowdb.operator.schema.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ViewNamesTest {

    @Test
    void unqualifiedNameLivesInTheDefaultSchema() {
        assertThat(ViewNames.of("daily_task_metrics", "public"))
                .extracting(ViewNames::declared, ViewNames::schema, ViewNames::uniqueIndex, ViewNames::tempView,
                        ViewNames::tempUniqueIndex, ViewNames::qualifiedView, ViewNames::qualifiedTempUniqueIndex)
                .containsExactly("daily_task_metrics", "public", "daily_task_metrics_ukey", "daily_task_metrics_next",
                        "daily_task_metrics_next_ukey", "\"public\".\"daily_task_metrics\"",
                        "\"public\".\"daily_task_metrics_next_ukey\"");
    }

    @Test
    void qualifiedNameKeepsItsSchema() {
        assertThat(ViewNames.of("analytics.daily", "public"))
                .extracting(ViewNames::declared, ViewNames::schema, ViewNames::view, ViewNames::qualifiedTempView)
                .containsExactly("analytics.daily", "analytics", "daily", "\"analytics\".\"daily_next\"");
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
