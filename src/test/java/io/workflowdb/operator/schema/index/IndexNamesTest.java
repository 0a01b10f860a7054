package io.workflowdb.operator.schema.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class IndexNamesTest {

    private static final String LONGEST = "i".repeat(63);

    @Test
    void shortNamesGetTheSuffixAsIs() {
        assertThat(IndexNames.temporary("idx_tasks")).isEqualTo("idx_tasks_wfdb_new");
        assertThat(IndexNames.retired("idx_tasks")).isEqualTo("idx_tasks_wfdb_old");
        assertThat(IndexNames.child("idx_events", "workflow_events_2024_01")).isEqualTo("idx_events_workflow_events_2024_01");
    }

    @Test
    void longNamesAreCutToSixtyThreeBytesAndStayDistinct() {
        String temporary = IndexNames.temporary(LONGEST);
        String retired = IndexNames.retired(LONGEST);
        String child = IndexNames.child(LONGEST, "workflow_events_2024_01");
        assertThat(temporary).hasSize(63).isNotEqualTo(retired).isNotEqualTo(child);
        assertThat(retired).hasSize(63);
        assertThat(IndexNames.child(LONGEST, "workflow_events_2024_02")).isNotEqualTo(child);
    }

    @Test
    void derivedNamesAreDeterministic() {
        assertThat(IndexNames.child(LONGEST, "p1")).isEqualTo(IndexNames.child(LONGEST, "p1"));
        assertThat(IndexNames.temporary(LONGEST)).isEqualTo(IndexNames.temporary(LONGEST));
    }

    @Test
    void multiByteNamesAreCutOnCharacterBoundaries() {
        String name = "ä".repeat(31);
        String temporary = IndexNames.temporary(name);
        assertThat(temporary.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(temporary).startsWith("ää").doesNotContain("\uFFFD");
    }
}
