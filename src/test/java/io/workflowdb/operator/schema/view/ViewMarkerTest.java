package io.workflowdb.operator.schema.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ViewMarkerTest {

    private static final String HASH = "ab".repeat(32);

    @Test
    void markerCarriesTheDefinitionHash() {
        String marker = ViewMarker.of(HASH);
        assertThat(marker).isEqualTo("workflowdb:v1 def=" + HASH);
        assertThat(ViewMarker.definitionHash(marker)).contains(HASH);
    }

    @Test
    void anyOtherCommentIsNotTheMarker() {
        assertThat(ViewMarker.definitionHash(null)).isEmpty();
        assertThat(ViewMarker.definitionHash("daily metrics for the dashboard")).isEmpty();
        assertThat(ViewMarker.definitionHash("workflowdb:v1 def=" + HASH + " edited by hand")).isEmpty();
        assertThat(ViewMarker.definitionHash("workflowdb:v2 def=" + HASH)).isEmpty();
        assertThat(ViewMarker.definitionHash("workflowdb:v1 def=" + HASH.toUpperCase())).isEmpty();
    }

    @Test
    void refusesWhatIsNotAHash() {
        assertThatThrownBy(() -> ViewMarker.of("x'; DROP TABLE tasks")).isInstanceOf(IllegalArgumentException.class);
    }
}
