package io.workflowdb.operator.cluster.pgbouncer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IniWriterTest {

    @Test
    void keepsTheCallersSectionOrderAndSortsKeysWithinEachSection() {
        Map<String, String> unsorted = inOrder("zeta", "1", "alpha", "2", "mid_key", "3");

        String ini = new IniWriter()
                .comment("header")
                .section("second", unsorted)
                .section("first", Map.of("b", "x", "a", "y"))
                .render();

        assertThat(ini).isEqualTo("""
                ; header

                [second]
                alpha = 2
                mid_key = 3
                zeta = 1

                [first]
                a = y
                b = x
                """);
    }

    @Test
    void writesEmptyValuesAndValuesWithInnerSpaces() {
        String ini = new IniWriter().section("s", Map.of("logfile", "", "q", "SELECT 1")).render();

        assertThat(ini).contains("logfile =\n", "q = SELECT 1\n");
        assertThat(IniReader.parse(ini).get("s")).containsExactly(Map.entry("logfile", ""), Map.entry("q", "SELECT 1"));
    }

    @ParameterizedTest(name = "refuses value {0}")
    @ValueSource(strings = {
            "1\nauth_type = trust", "1\rauth_type = trust", "1\0", "a\tb", "DISCARD ALL; DROP", "x # comment", "; x", "#x",
            "[databases]", "x [y", "%include /etc/passwd", "%INCLUDE /etc/passwd", " leading", "trailing ", "it's",
            "say \"hi" })
    void refusesEveryValueThatCouldBreakOrExtendTheFile(String value) {
        assertThat(IniWriter.problem(value)).isPresent();
        assertThatThrownBy(() -> new IniWriter().section("pgbouncer", Map.of("some_key", value)))
                .isInstanceOf(IniValueException.class)
                .hasMessageStartingWith("[pgbouncer] some_key: value must");
    }

    @ParameterizedTest(name = "refuses key [{0}]")
    @ValueSource(strings = { "", "two words", "a=b", "[x", ";key", "#key", "key\n[x]", "%include", "ключ", "a\"b" })
    void refusesEveryKeyThatIsNotPlainLettersDigitsAndPunctuation(String key) {
        assertThat(IniWriter.keyProblem(key)).isPresent();
        assertThatThrownBy(() -> new IniWriter().section("pgbouncer", Map.of(key, "1")))
                .isInstanceOf(IniValueException.class)
                .hasMessageContaining("[pgbouncer]")
                .hasMessageContaining("key must be")
                .hasMessageNotContaining("\n");
    }

    @Test
    void acceptsWhatPgBouncerSettingsLookLike() {
        for (String value : new String[] { "", "0", "SELECT 1", "extra_float_digits,options", "'quoted'", "a=b c=d",
                "/etc/pgbouncer/auth/userlist.txt", "SELECT usename, passwd FROM \"pgbouncer\".\"get_auth\"($1)" }) {
            assertThat(IniWriter.problem(value)).as(value).isEmpty();
        }
        assertThat(IniWriter.keyProblem("server_reset_query_always")).isEmpty();
        assertThat(IniWriter.keyProblem("workflow-db.v2")).isEmpty();
    }

    @Test
    void refusesAMissingValueBadSectionNamesRepeatedSectionsAndMultiLineComments() {
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertThatThrownBy(() -> new IniWriter().section("s", nullValue)).hasMessage("[s] k: value is missing");
        assertThatThrownBy(() -> new IniWriter().section("a]\n[b", Map.of())).isInstanceOf(IniValueException.class);
        assertThatThrownBy(() -> new IniWriter().section("s", Map.of()).section("s", Map.of()))
                .hasMessageContaining("[s] is written twice");
        assertThatThrownBy(() -> new IniWriter().comment("one\n[two]")).isInstanceOf(IniValueException.class);
    }

    @Test
    void exceptionNamesTheKeyButNeverRepeatsTheValue() {
        assertThatThrownBy(() -> new IniWriter().section("pgbouncer", Map.of("server_check_query", "SELECT 1; hunter2")))
                .hasMessage("[pgbouncer] server_check_query: value must not contain ';', which starts a comment in INI files");
    }

    /** A map that keeps the order of its keys as given: key, value, key, value, .... */
    private static Map<String, String> inOrder(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
