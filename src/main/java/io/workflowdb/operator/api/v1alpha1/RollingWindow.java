package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollingWindow {

    @Required
    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Timestamp column the window applies to.")
    public String column;

    @Required
    @Pattern(Patterns.DURATION)
    @JsonPropertyDescription("How far back the index reaches, such as 7d.")
    public String keep;

    @Size(max = 100)
    @JsonPropertyDescription("When to rebuild the index with a new cutoff: 5-field cron (UTC). Default 0 3 * * *.")
    public String rebuildSchedule;
}
