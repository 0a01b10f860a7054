package io.workflowdb.operator.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.schema.migration.MigrationOutcome.Failure;
import io.workflowdb.operator.schema.migration.MigrationOutcome.Kind;

class ScriptNamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "V1__init.sql", "V1_2__add_reviews.sql", "V2.1__drop-old.sql", "V20240101__a.b.sql" })
    void acceptsVersionedNames(String file) {
        assertThat(ScriptNames.firstInvalid(List.of(script(file)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1__init.sql", "V1_init.sql", "V1__.sql", "R__views.sql", "V1__init.SQL", "Vx__init.sql",
            "V1__init.sql.txt", "init.sql", "U1__undo.sql" })
    void refusesOtherNames(String file) {
        Failure failure = ScriptNames.firstInvalid(List.of(script("V1__ok.sql"), script(file))).orElseThrow();

        assertThat(failure.kind()).isEqualTo(Kind.INVALID_NAME);
        assertThat(failure.file()).isEqualTo(file);
        assertThat(failure.message()).startsWith(file + " is not a migration name");
    }

    @Test
    void versionZeroBelongsToTheBaseline() {
        Failure failure = ScriptNames.firstInvalid(List.of(script("V0__first.sql"))).orElseThrow();

        assertThat(failure.message()).contains("reserved");
    }

    @Test
    void twoFilesCannotShareAVersion() {
        Failure failure = ScriptNames.firstInvalid(List.of(script("V1_1__a.sql"), script("V1.1__b.sql"))).orElseThrow();

        assertThat(failure.file()).isEqualTo("V1.1__b.sql");
        assertThat(failure.message()).isEqualTo("V1.1__b.sql uses version 1.1, as does V1_1__a.sql");
    }

    @Test
    void versionsJoinBuiltinAndUserHistories() {
        assertThat(Migrations.version("1", "3")).isEqualTo("builtin 1 / 3");
        assertThat(Migrations.version("1", null)).isEqualTo("builtin 1");
        assertThat(Migrations.version(null, "2.1")).isEqualTo("2.1");
        assertThat(Migrations.version(null, null)).isNull();
    }

    private static MigrationScript script(String file) {
        return new MigrationScript(file, "SELECT 1;");
    }
}
