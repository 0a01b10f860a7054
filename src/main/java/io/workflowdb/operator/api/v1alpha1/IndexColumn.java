package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.column) != has(self.expression)", message = "set exactly one of column or expression")
public class IndexColumn {

    public enum Order {
        @JsonProperty("asc")
        ASC,
        @JsonProperty("desc")
        DESC
    }

    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("A column of the table.")
    public String column;

    @Size(max = 1000)
    @JsonPropertyDescription("An expression in parentheses, for example (requirements->'type'); it must be immutable.")
    public String expression;

    @JsonPropertyDescription("Sort order: asc (default) or desc.")
    public Order order;

    public enum Nulls {
        @JsonProperty("first")
        FIRST,
        @JsonProperty("last")
        LAST
    }

    @JsonPropertyDescription("Where NULLs sort: first or last. Default: last for asc, first for desc.")
    public Nulls nulls;

    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Operator class of this key, for example jsonb_path_ops for a smaller GIN index serving @> only.")
    public String opclass;
}
