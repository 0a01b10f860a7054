package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one reading of SQLSTATEs: lost connections, and failures a later attempt may not meet. */
class SqlStatesTest {

    @ParameterizedTest(name = "{0}: connection lost {1}, transient {2}")
    @CsvSource({
            "08006, true, true", // connection failure
            "08P01, true, true", // protocol violation
            "57P01, true, true", // admin shutdown
            "57P03, true, true", // cannot connect now
            "57014, false, true", // statement_timeout
            "53200, false, true", // out of memory
            "55P03, false, true", // lock_timeout
            "40001, false, true", // serialization failure
            "40P01, false, true", // deadlock
            "'', false, true", // no state: the driver's own failure
            "23503, false, false", // foreign key
            "42P01, false, false", // undefined table
            "42501, false, false", // insufficient privilege
            "22P02, false, false" // invalid text representation
    })
    void classifies(String state, boolean connectionLost, boolean isTransient) {
        SQLException e = new SQLException("x", state.isEmpty() ? null : state);
        assertThat(SqlStates.connectionLost(e)).isEqualTo(connectionLost);
        assertThat(SqlStates.isTransient(e)).isEqualTo(isTransient);
    }
}
