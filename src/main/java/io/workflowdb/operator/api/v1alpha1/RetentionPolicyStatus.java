package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RetentionPolicyStatus extends PolicyStatus<RetentionPolicyStatus.Run> {

    @JsonPropertyDescription("Rows moved or deleted by every run so far.")
    public Long totalRows;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Run extends RunRecord {

        @JsonPropertyDescription("Rows archived or deleted by this run, or counted by a dry run.")
        public Long rows = 0L;

        @JsonPropertyDescription("Transactions committed by this run.")
        public Integer batches = 0;
    }
}
