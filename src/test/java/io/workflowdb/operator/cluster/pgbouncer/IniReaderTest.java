package io.workflowdb.operator.cluster.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class IniReaderTest {

    @Test
    void readsSectionsAndSettingsInFileOrderAndSkipsCommentsAndBlankLines() {
        Map<String, Map<String, String>> ini = IniReader.parse("""
                ; a comment
                # another one
                [databases]
                  workflow_db =  host=a port=5432 dbname=workflow_db\s\s

                [pgbouncer]
                pool_mode = transaction
                ; pool_mode = session
                empty =
                pool_mode = session
                """);

        assertThat(ini).containsOnlyKeys("databases", "pgbouncer");
        assertThat(ini.get("databases")).containsExactly(Map.entry("workflow_db", "host=a port=5432 dbname=workflow_db"));
        assertThat(ini.get("pgbouncer")).containsExactly(Map.entry("pool_mode", "session"), Map.entry("empty", ""));
    }

    @Test
    void namesTheLineOfWhatItCannotRead() {
        assertThatThrownBy(() -> IniReader.parse("[s]\nno equals sign")).hasMessage("line 2: expected key = value");
        assertThatThrownBy(() -> IniReader.parse("[s\nk = v")).hasMessage("line 1: section header without ']'");
        assertThatThrownBy(() -> IniReader.parse("k = v")).hasMessage("line 1: setting before the first section");
    }
}
