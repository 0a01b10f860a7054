package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HealthStatus {

    public enum Level {
        OK,
        WARNING,
        CRITICAL,
        UNAVAILABLE
    }

    @JsonPropertyDescription("Worst status among the checks: OK, WARNING or CRITICAL.")
    public Level status;

    @JsonPropertyDescription("When the checks were last written to status (RFC 3339).")
    public String checkedAt;

    @JsonPropertyDescription("Each check with its value, threshold and status.")
    public List<Check> checks;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Check {

        @JsonPropertyDescription("Check name, such as cache_hit_ratio.")
        public String name;

        @JsonPropertyDescription("Observed value.")
        public String value;

        @JsonPropertyDescription("Threshold the value was compared with.")
        public String threshold;

        @JsonPropertyDescription("OK, WARNING, CRITICAL, or UNAVAILABLE when the check cannot run (for example without pg_stat_statements).")
        public Level status;
    }
}
