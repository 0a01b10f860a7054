package io.workflowdb.operator.cluster.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PgBouncerUserListTest {

    @Test
    void writesTheAuthUserWithItsPlainPassword() {
        assertThat(PgBouncerUserList.forAuthUser("pooler_auth", "pa55word")).isEqualTo("\"pooler_auth\" \"pa55word\"\n");
    }

    @Test
    void sortsUsersAndDoublesQuotes() {
        assertThat(PgBouncerUserList.render(Map.of("zed", "z", "al\"ice", "se\"cr\"\"et")))
                .isEqualTo("\"al\"\"ice\" \"se\"\"cr\"\"\"\"et\"\n\"zed\" \"z\"\n");
    }

    @Test
    void refusesLineBreaksAndNulWithoutRevealingTheSecret() {
        assertThatThrownBy(() -> PgBouncerUserList.forAuthUser("pooler_auth", "hunter2\nx"))
                .hasMessageContaining("pooler_auth")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PgBouncerUserList.forAuthUser("pooler_auth", "a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgBouncerUserList.forAuthUser("pooler_auth", "a\rb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgBouncerUserList.forAuthUser("evil\n\"x\"", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgBouncerUserList.forAuthUser("", "pw")).isInstanceOf(IllegalArgumentException.class);
    }
}
