package io.workflowdb.operator.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.include) || size(self.include) == 0 || !has(self.method) || self.method == 'btree' || self.method == 'gist'",
        message = "include (covering columns) is supported by btree and gist indexes only", fieldPath = ".include")
public class IndexSpec {

    public enum Method {
        @JsonProperty("btree")
        BTREE,
        @JsonProperty("gin")
        GIN,
        @JsonProperty("gist")
        GIST,
        @JsonProperty("brin")
        BRIN,
        @JsonProperty("hash")
        HASH
    }

    @Required
    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Index name, unique in the table's schema.")
    public String name;

    @Required
    @Pattern(Patterns.QUALIFIED_IDENTIFIER)
    @JsonPropertyDescription("Table to index, optionally schema-qualified.")
    public String table;

    @JsonPropertyDescription("Index access method. Default btree.")
    public Method method;

    @Required
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Key columns or expressions, in order.")
    public List<IndexColumn> columns;

    @Size(max = 32)
    @JsonPropertyDescription("Non-key columns stored in the index so queries can be answered from it alone (INCLUDE).")
    public List<String> include;

    @Size(max = 2000)
    @JsonPropertyDescription("Partial-index predicate, one SQL boolean expression over literals; it cannot call now() (index predicates must be immutable): use rollingWindow for a moving time window.")
    public String where;

    @JsonPropertyDescription("Keep only recent rows in the index: the operator rebuilds it on a schedule with a literal cutoff.")
    public RollingWindow rollingWindow;

    @JsonPropertyDescription("Make the index UNIQUE. Default false.")
    public Boolean unique;

    @Size(max = 16)
    @JsonPropertyDescription("Index storage parameters (WITH (...)), such as fillfactor: \"90\" or fastupdate: \"off\". Values are strings of letters, digits, '.' and '_'.")
    public Map<String, String> storageParameters;
}
