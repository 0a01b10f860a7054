package io.workflowdb.operator.cluster.patroni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.cluster.patroni.PatroniConfig.Bootstrap;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.DynamicConfig;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.DynamicPostgresql;

class PatroniYamlTest {

    @Test
    void stringsAreQuotedSoYaml11ReadersKeepThemStrings() {
        Map<String, String> parameters = Map.of("hot_standby", "on", "max_connections", "100", "a", "0x10",
                "b", "10:20", "c", "=", "d", "yes");
        String yaml = PatroniYaml.write(config(parameters));

        assertThat(yaml).contains("hot_standby: \"on\"", "max_connections: \"100\"", "a: \"0x10\"", "b: \"10:20\"",
                "c: \"=\"", "d: \"yes\"", "ttl: 30");
        assertThat(PatroniYaml.read(yaml).bootstrap().dcs().postgresql().parameters()).isEqualTo(parameters);
    }

    @Test
    void keysAreSortedAndThereIsNoDocumentMarker() {
        String yaml = PatroniYaml.write(new PatroniConfig("s", null, null, null, new PatroniConfig.Etcd3Dcs(List.of("e:2379")),
                config(Map.of("z", "1", "a", "2")).bootstrap(), null));

        assertThat(yaml).startsWith("bootstrap:\n");
        assertThat(yaml.indexOf("etcd3:")).isLessThan(yaml.indexOf("scope:"));
        assertThat(yaml.indexOf("a: \"2\"")).isLessThan(yaml.indexOf("z: \"1\""));
        assertThat(yaml.indexOf("  loop_wait:")).isLessThan(yaml.indexOf("  ttl:"));
    }

    @Test
    void longValuesStayOnOneLine() {
        String line = "hostssl all all 10.0.0.0/8 scram-sha-256 clientcert=verify-full map=a_rather_long_ident_map_name";
        String yaml = PatroniYaml.write(new PatroniConfig(null, null, null, null, null,
                new Bootstrap(null, null, List.of(line)), null));

        assertThat(yaml).contains("- \"" + line + "\"\n");
    }

    @Test
    void anUnknownKeyFailsTheParse() {
        assertThatThrownBy(() -> PatroniYaml.read("scope: s\nwatchdog:\n  mode: off\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("watchdog");
        assertThatThrownBy(() -> PatroniYaml.read("restapi:\n  connect_address: a:8008\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect_address");
    }

    private static PatroniConfig config(Map<String, String> parameters) {
        DynamicConfig dcs = new DynamicConfig(30, 10, null, null, null, null, null,
                new DynamicPostgresql(null, null, parameters, null));
        return new PatroniConfig(null, null, null, null, null, new Bootstrap(dcs, null, null), null);
    }
}
