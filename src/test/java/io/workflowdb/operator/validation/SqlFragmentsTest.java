package io.workflowdb.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The single-expression check against PostgreSQL's quoting forms. Each generated case knows by
 * construction whether a statement separator sits inside a literal (data, accepted) or outside one
 * (a second statement, refused); {@code SqlFragmentsPostgresTest} replays the same cases on a real
 * server to show that this ground truth is PostgreSQL's.
 */
class SqlFragmentsTest {

    static final String SMUGGLED = "; CREATE TABLE junk AS SELECT 1 AS a";

    /** Literals whose text hides a separator, a comment or a quote; each is one token on PostgreSQL. */
    static final List<String> LITERALS = List.of(
            "E'x\\' AS a, '",
            "E'x\\'; CREATE TABLE junk AS SELECT 1 AS a --'",
            "e'\\\\'",
            "E'\\\\\\''",
            "E'it''s \\'quoted\\' ; -- /*'",
            "'it''s ; -- /* */'",
            "''''",
            "'$$ ; $$'",
            "U&'d\\0061t ; --'",
            "u&'\\+000061'",
            "U&'it''s;'",
            "B'101'",
            "X'1F'",
            "N'n;''--'",
            "\"col\"\"umn;--\"",
            "U&\"d\\0061t;\"",
            "'a' || E'\\n;' || 'b'");

    /** Forms that end the literal before the separator that follows, or hide it in a comment. */
    static final List<String> SMUGGLES = List.of(
            "SELECT E'x\\' AS a, ' AS a; DROP TABLE tasks; CREATE TABLE junk AS SELECT 1 AS a --'",
            "SELECT E'\\\\' AS a" + SMUGGLED,
            "SELECT 'x''' AS a" + SMUGGLED,
            "SELECT U&'\\0027' AS a" + SMUGGLED,
            "SELECT \"a\"\"\" FROM (SELECT 1 AS \"a\"\"\") s" + SMUGGLED,
            "SELECT $$ x $$ AS a" + SMUGGLED,
            "SELECT $t$ x $t$ AS a" + SMUGGLED,
            "SELECT 1 AS a /* /* nested */ still a comment */" + SMUGGLED,
            "SELECT 1 AS a -- comment\n" + SMUGGLED,
            "SELECT 1e'x\\' AS a, ' AS a" + SMUGGLED,
            "SELECT xe'x\\' AS a, ' AS a" + SMUGGLED);

    @Test
    void refusesTheReportedEStringQuery() {
        String query = "SELECT E'x\\' AS a, ' AS a; DROP TABLE tasks; CREATE TABLE junk AS SELECT 1 AS a --'";
        assertThat(SqlFragments.problem(query)).hasValueSatisfying(p -> assertThat(p).contains("';'"));
    }

    @Test
    void acceptsEveryQuotingFormAsOneExpression() {
        for (String literal : LITERALS) {
            assertThat(SqlFragments.problem("SELECT " + literal + " AS a")).as(literal).isEmpty();
        }
    }

    @Test
    void refusesEverySmuggledStatement() {
        for (String smuggle : SMUGGLES) {
            assertThat(SqlFragments.problem(smuggle)).as(smuggle).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'a\\'", "'a\\' || ';'", "N'a\\b'", "'\\'' || 'x'"})
    void refusesABackslashInAPlainStringWhoseEndDependsOnTheSetting(String sql) {
        assertThat(SqlFragments.problem(sql)).hasValueSatisfying(p -> assertThat(p).contains("standard_conforming_strings"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"E'unterminated\\'", "'open", "\"open", "U&'open", "E'a'' ", "(1", "1)", "$1 + $", "a\\b"})
    void refusesUnterminatedAndUnbalancedText(String sql) {
        assertThat(SqlFragments.problem(sql)).as(sql).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status = 'done'", "payload ? 'key'", "a$b$ > 1", "x = $1", "e1 = 'x'", "uu & 1 = 0",
            "lower(name) = E'a\\tb'", "(payload->>'k')::int > 5", "état = 'ok'"})
    void acceptsOrdinaryExpressions(String sql) {
        assertThat(SqlFragments.problem(sql)).as(sql).isEmpty();
    }

    @Test
    void seesVolatileFunctionsThroughQuotedIdentifiersButNotInsideLiterals() {
        assertThat(SqlFragments.volatileFunction("created_at > \"now\"()")).contains("now");
        assertThat(SqlFragments.volatileFunction("note = E'\\' now()'")).isEmpty();
        assertThat(SqlFragments.volatileFunction("note = 'now()'")).isEmpty();
    }

    /** Random expressions built from the literals, with the separator placed inside or outside one. */
    static List<Case> fuzzCases(long seed, int count) {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int pieces = 1 + random.nextInt(4);
            int outside = random.nextBoolean() ? random.nextInt(pieces + 1) : -1;
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int p = 0; p < pieces; p++) {
                if (p > 0) {
                    sql.append(random.nextBoolean() ? " || " : "||");
                }
                if (p == outside) {
                    sql.append("'x' AS a; CREATE TABLE junk AS SELECT 1 AS j, ");
                }
                String literal = LITERALS.get(random.nextInt(LITERALS.size()));
                sql.append(literal.startsWith("\"") || literal.startsWith("U&\"") ? "'id'" : "(" + literal + ")::text");
            }
            sql.append(" AS a");
            if (outside == pieces) {
                sql.append(SMUGGLED);
            }
            cases.add(new Case(sql.toString(), outside < 0));
        }
        return cases;
    }

    record Case(String sql, boolean single) {
    }

    @Test
    void fuzzedQuotingFormsAreJudgedByWhereTheSeparatorIs() {
        for (Case c : fuzzCases(18, 2000)) {
            if (c.single()) {
                assertThat(SqlFragments.problem(c.sql())).as(c.sql()).isEmpty();
            } else {
                assertThat(SqlFragments.problem(c.sql())).as(c.sql()).isPresent();
            }
        }
    }
}
