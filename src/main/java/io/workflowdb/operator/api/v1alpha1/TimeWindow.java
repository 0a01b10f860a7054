package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A recurring time window: open from each fire of a cron schedule (UTC) for a duration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeWindow {

    @Required
    @Size(max = 100)
    @JsonPropertyDescription("When the window opens: 5-field cron (UTC), such as 0 1 * * *.")
    public String schedule;

    @Required
    @Pattern(Patterns.DURATION)
    @JsonPropertyDescription("How long the window stays open after each opening, such as 4h.")
    public String duration;
}
