package io.workflowdb.operator.validation;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Schema first (as the API server would), then the kind's own rules once the shape is right. */
@Singleton
public class ResourceValidator {

    private final CrdSchemas schemas;

    public ResourceValidator() {
        this(new CrdSchemas());
    }

    public ResourceValidator(CrdSchemas schemas) {
        this.schemas = schemas;
    }

    public <T extends HasMetadata> List<Violation> validate(T resource, SpecRules<T> rules) {
        List<Violation> violations = schemas.validateSpec(resource);
        return violations.isEmpty() ? rules.check(resource) : violations;
    }

    public CrdSchemas schemas() {
        return schemas;
    }

    /** One line for a condition message: {@code spec.a: why; spec.b: why}. */
    public static String summary(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
