package io.workflowdb.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.Patterns;

/** CRD patterns read with the API server's semantics: RE2, an unanchored search, {@code $} only at the end. */
class CrdPatternsTest {

    @Test
    void aTrailingLineBreakDoesNotPassTheEndAnchor() {
        assertThat(CrdPatterns.matches(Patterns.QUALIFIED_IDENTIFIER, "tasks")).isTrue();
        assertThat(CrdPatterns.matches(Patterns.QUALIFIED_IDENTIFIER, "tasks\n")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.QUALIFIED_IDENTIFIER, "public.tasks\r\n")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.DURATION, "90d\n")).isFalse();
        // what java.util.regex would have said: its $ also matches before a final line break
        assertThat(Pattern.compile(Patterns.QUALIFIED_IDENTIFIER).matcher("tasks\n").find()).isTrue();
    }

    @Test
    void aLeadingLineBreakDoesNotPassTheStartAnchor() {
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "\ntasks")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.DURATION, " 90d")).isFalse();
    }

    @Test
    void aLineBreakInTheMiddleIsRefusedAndADollarSignInANameIsAllowed() {
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "tasks\nx")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.QUALIFIED_IDENTIFIER, "public\n.tasks")).isFalse();
        // PostgreSQL allows $ after the first character of an unquoted identifier
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "tasks$2")).isTrue();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "$tasks")).isFalse();
    }

    @Test
    void identifiersAreLowerCaseAsciiOnly() {
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "täsks")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "t\u0430sks")).as("Cyrillic a").isFalse();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "ａｂｃ")).as("full-width letters").isFalse();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "Tasks")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "a".repeat(63))).isTrue();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, "a".repeat(64))).isFalse();
    }

    @Test
    void anUnanchoredPatternIsASearchAsInGo() {
        assertThat(CrdPatterns.matches("[0-9]+", "abc123def")).isTrue();
        assertThat(CrdPatterns.matches("^[0-9]+", "abc123")).isFalse();
        assertThat(CrdPatterns.matches("[0-9]+$", "123\n")).isFalse();
        assertThat(CrdPatterns.matches(Patterns.IDENTIFIER, null)).isFalse();
    }
}
