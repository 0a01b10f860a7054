package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberStatus {

    @JsonPropertyDescription("Member (pod or host) name.")
    public String name;

    @JsonPropertyDescription("Role reported by Patroni: leader (primary), replica, sync_standby or standby_leader.")
    public String role;

    @JsonPropertyDescription("State reported by Patroni, such as running or streaming.")
    public String state;

    @JsonPropertyDescription("Replication lag behind the primary in bytes.")
    public Long lagBytes;

    @JsonPropertyDescription("PostgreSQL timeline the member is on.")
    public Integer timeline;
}
