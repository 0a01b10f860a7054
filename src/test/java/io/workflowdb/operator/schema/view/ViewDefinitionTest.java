package io.workflowdb.operator.schema.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ViewDefinitionTest {

    @Test
    void hashIsSha256Hex() {
        assertThat(new ViewDefinition("SELECT 1", null).hash()).matches("[0-9a-f]{64}");
    }

    @Test
    void reformattingTheQueryKeepsTheHash() {
        String compact = new ViewDefinition("SELECT a, b FROM t", List.of("a")).hash();
        String spread = new ViewDefinition("\n  SELECT a,\n\t b\n  FROM   t\n", List.of("a")).hash();
        assertThat(spread).isEqualTo(compact);
    }

    @Test
    void whitespaceInsideLiteralsAndQuotedNamesCounts() {
        assertThat(ViewDefinition.normalize("SELECT  'a  b',  \"x  y\"   FROM t")).isEqualTo("SELECT 'a  b', \"x  y\" FROM t");
        assertThat(ViewDefinition.normalize("SELECT 'it''s  here'   AS x")).isEqualTo("SELECT 'it''s  here' AS x");
        assertThat(new ViewDefinition("SELECT 'a b'", null).hash()).isNotEqualTo(new ViewDefinition("SELECT 'a  b'", null).hash());
    }

    @Test
    void queryOrUniqueKeyChangesTheHash() {
        String base = new ViewDefinition("SELECT a, b FROM t", List.of("a")).hash();
        assertThat(new ViewDefinition("SELECT a, b, c FROM t", List.of("a")).hash()).isNotEqualTo(base);
        assertThat(new ViewDefinition("SELECT a, b FROM t", List.of("a", "b")).hash()).isNotEqualTo(base);
        assertThat(new ViewDefinition("SELECT a, b FROM t", List.of()).hash()).isNotEqualTo(base);
    }
}
