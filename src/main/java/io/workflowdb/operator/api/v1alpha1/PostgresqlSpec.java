package io.workflowdb.operator.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PostgresqlSpec {

    @Size(max = 200)
    @JsonPropertyDescription("postgresql.conf parameters as strings (quote numbers: \"1.1\"). Parameters the operator owns, such as port, listen_addresses, data_directory, hba_file and synchronous_standby_names, are refused.")
    public Map<String, String> parameters;

    @Size(max = 100)
    @JsonPropertyDescription("Extra pg_hba.conf lines, added after the operator's own replication and pooler rules.")
    public List<String> pgHba;
}
