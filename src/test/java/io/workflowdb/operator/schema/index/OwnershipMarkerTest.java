package io.workflowdb.operator.schema.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class OwnershipMarkerTest {

    private static final String HASH = "a".repeat(64);

    @Test
    void rendersAndParsesAPlainMarker() {
        OwnershipMarker marker = new OwnershipMarker(HASH, null, null);
        assertThat(marker.render()).isEqualTo("workflowdb:v1 def=" + HASH);
        assertThat(OwnershipMarker.parse(marker.render())).contains(marker);
    }

    @Test
    void rendersAndParsesARollingWindowMarker() {
        OwnershipMarker marker = new OwnershipMarker(HASH, Instant.parse("2024-01-08T03:00:00Z"), Instant.parse("2024-01-15T03:00:00Z"));
        assertThat(marker.render()).isEqualTo("workflowdb:v1 def=" + HASH + " cutoff=2024-01-08T03:00:00Z built=2024-01-15T03:00:00Z");
        assertThat(OwnershipMarker.parse(marker.render())).contains(marker);
    }

    @Test
    void commentsThatAreNotMarkersOwnNothing() {
        assertThat(OwnershipMarker.parse(null)).isEmpty();
        assertThat(OwnershipMarker.parse("speeds up the dashboard")).isEmpty();
        assertThat(OwnershipMarker.parse("workflowdb:v1 def=short")).isEmpty();
        assertThat(OwnershipMarker.parse("workflowdb:v1 def=" + HASH + " cutoff=yesterday built=today")).isEmpty();
        assertThat(OwnershipMarker.parse("note: workflowdb:v1 def=" + HASH)).isEmpty();
    }

    @Test
    void cutoffAndBuiltGoTogether() {
        assertThatThrownBy(() -> new OwnershipMarker(HASH, Instant.EPOCH, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
