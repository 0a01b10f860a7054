package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One structured row filter; never SQL text. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!(self.operator == 'In' || self.operator == 'NotIn') || (has(self.values) && size(self.values) > 0)",
        message = "In and NotIn need at least one value", fieldPath = ".values")
@ValidationRule(value = "!(self.operator == 'Equals' || self.operator == 'NotEquals') || (has(self.values) && size(self.values) == 1)",
        message = "Equals and NotEquals need exactly one value", fieldPath = ".values")
@ValidationRule(value = "!(self.operator == 'IsNull' || self.operator == 'IsNotNull') || !has(self.values) || size(self.values) == 0",
        message = "IsNull and IsNotNull take no values", fieldPath = ".values")
public class WhereFilter {

    public enum Operator {
        In,
        NotIn,
        Equals,
        NotEquals,
        IsNull,
        IsNotNull
    }

    @Required
    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Column the filter tests.")
    public String column;

    @Required
    @JsonPropertyDescription("In, NotIn, Equals, NotEquals, IsNull or IsNotNull.")
    public Operator operator;

    @Size(max = 100)
    @JsonPropertyDescription("Values compared with the column, as text cast to the column's type.")
    public List<String> values;
}
