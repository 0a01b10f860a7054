package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where an online conversion is, as its progress record in the database says. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConversionStatus {

    public enum Phase {
        /** The new partitioned table is being created next to the original. */
        Preparing,
        /** Rows are copied in batches; a trigger carries every change to the original into the new table. */
        Copying,
        /** Row counts of both tables are compared in one snapshot. */
        Verifying,
        /** The names are swapped in one short transaction. */
        Swapping,
        /** The table is partitioned; the original is kept under another name. */
        Done
    }

    @JsonPropertyDescription("Preparing, Copying, Verifying, Swapping or Done.")
    public Phase phase;

    @JsonPropertyDescription("Rows the copy wrote into the new table (changes carried by the trigger come on top).")
    public Long rowsCopied;

    @JsonPropertyDescription("Rows left to copy, estimated from the pages left and the planner's rows per page.")
    public Long rowsLeft;

    @JsonPropertyDescription("Rows copied per second since the copy began.")
    public Long rowsPerSecond;

    @JsonPropertyDescription("When the copy should end at the current rate, or, once it has, when it ended (RFC 3339).")
    public String estimatedCopyEnd;

    @JsonPropertyDescription("Rows of the original and of the new table, counted in one snapshot before the swap.")
    public String verified;

    @JsonPropertyDescription("The name the original table keeps after the swap; drop it once it is no longer wanted.")
    public String originalTable;

    @JsonPropertyDescription("When the conversion started (RFC 3339).")
    public String startedAt;

    @JsonPropertyDescription("What the conversion does or waits for now.")
    public String message;
}
