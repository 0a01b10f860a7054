package io.workflowdb.operator.argocd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Where the Argo CD health checks and the CRDs live, and how their files are read. */
final class HealthChecks {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path CRDS = Path.of("deploy/crds");
    static final Path ARGOCD = Path.of("deploy/argocd");

    /** One kind of ours, as its CRD declares it. */
    record Kind(String group, String name, JsonNode crd) {

        Path directory() {
            return ARGOCD.resolve(group).resolve(name);
        }

        Path script() {
            return directory().resolve("health.lua");
        }

        Path tests() {
            return directory().resolve("health_test.yaml");
        }

        /** The argocd-cm key under which Argo CD looks for this kind's health script. */
        String configKey() {
            return "resource.customizations.health." + group + "_" + name;
        }

        /** Whether the spec has a suspend switch (the kind can be Suspended). */
        boolean suspendable() {
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("schema").path("openAPIV3Schema").path("properties").path("spec").path("properties")
                        .has("suspend")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One entry of a health_test.yaml. */
    record Case(Kind kind, String inputPath, String status, String message) {
        @Override
        public String toString() {
            return kind.name() + " " + inputPath + " -> " + status;
        }
    }

    private HealthChecks() {
    }

    static List<Path> crdFiles() throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<Kind> kinds() throws IOException {
        List<Kind> kinds = new ArrayList<>();
        for (Path file : crdFiles()) {
            JsonNode crd = YAML.readTree(file.toFile());
            kinds.add(new Kind(crd.path("spec").path("group").asText(), crd.path("spec").path("names").path("kind").asText(),
                    crd));
        }
        // the database first, then its policies by name: the order of the argocd-cm keys
        kinds.sort(java.util.Comparator.comparing((Kind k) -> !k.name().equals("WorkflowDatabase")).thenComparing(Kind::name));
        return kinds;
    }

    static List<Case> cases(Kind kind) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (JsonNode test : YAML.readTree(kind.tests().toFile()).path("tests")) {
            cases.add(new Case(kind, test.path("inputPath").asText(), test.path("healthStatus").path("status").asText(),
                    test.path("healthStatus").path("message").asText()));
        }
        return cases;
    }

    static List<Case> allCases() throws IOException {
        List<Case> all = new ArrayList<>();
        for (Kind kind : kinds()) {
            all.addAll(cases(kind));
        }
        return all;
    }
}
