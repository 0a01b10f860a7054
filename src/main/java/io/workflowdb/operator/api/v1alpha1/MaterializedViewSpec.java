package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.refresh) || !has(self.refresh.concurrently) || !self.refresh.concurrently || (has(self.uniqueKey) && size(self.uniqueKey) > 0)",
        message = "a concurrent refresh needs uniqueKey", fieldPath = ".uniqueKey")
public class MaterializedViewSpec {

    @Required
    @Pattern(Patterns.QUALIFIED_IDENTIFIER)
    @JsonPropertyDescription("View name, optionally schema-qualified.")
    public String name;

    @Required
    @Size(min = 1, max = 20000)
    @JsonPropertyDescription("The SELECT (or WITH ... SELECT) that defines the view; a single statement without ';'.")
    public String query;

    @Size(max = 32)
    @JsonPropertyDescription("Columns of a unique index the operator creates on the view; required for concurrent refresh.")
    public List<String> uniqueKey;

    @JsonPropertyDescription("When and how the view is refreshed.")
    public Refresh refresh;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Refresh {

        @Size(max = 100)
        @JsonPropertyDescription("5-field cron (UTC), for example 0 1 * * *.")
        public String schedule;

        @JsonPropertyDescription("REFRESH ... CONCURRENTLY, so readers are not blocked. Default true when uniqueKey is set.")
        public Boolean concurrently;
    }
}
