package io.workflowdb.operator.cluster;

import java.util.Optional;

/** What a value must not contain to stay one value on one line of an INI file. */
final class IniValues {

    private IniValues() {
    }

    static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            return Optional.of("value must be one line without NUL");
        }
        if (value.contains("%include")) {
            return Optional.of("value must not contain %include");
        }
        for (char c : new char[] { ';', '#', '[' }) {
            if (value.indexOf(c) >= 0) {
                return Optional.of("value must not contain '" + c + "', which would end or extend the setting");
            }
        }
        return Optional.empty();
    }
}
