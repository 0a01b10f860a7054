package io.workflowdb.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;

/**
 * Every 32-bit integer of a spec carries a minimum and a maximum in the CRD schema. Without them a
 * real API server stores any 64-bit number, and an object the operator cannot read into an int
 * would reach it.
 */
class IntegerBoundsTest {

    @Test
    void every32BitIntegerOfASpecIsBoundedWithinItsType() {
        List<String> unbounded = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> spec : List.of(WorkflowDatabaseSpec.class, PartitionPolicySpec.class, RetentionPolicySpec.class,
                MaintenancePolicySpec.class)) {
            collect(spec, spec.getSimpleName(), seen, unbounded);
        }
        assertThat(seen).hasSizeGreaterThan(15);
        assertThat(unbounded).isEmpty();
    }

    private static void collect(Class<?> type, String path, Set<Class<?>> seen, List<String> unbounded) {
        if (!seen.add(type)) {
            return;
        }
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String where = path + "." + field.getName();
            if (field.getType() == Integer.class || field.getType() == int.class) {
                Max max = field.getAnnotation(Max.class);
                Min min = field.getAnnotation(Min.class);
                if (max == null || min == null || max.value() > Integer.MAX_VALUE || min.value() < Integer.MIN_VALUE) {
                    unbounded.add(where);
                }
            }
            for (Class<?> inner : ours(field.getGenericType())) {
                collect(inner, where, seen, unbounded);
            }
        }
    }

    /** The API classes a field's type names, including the element types of lists and maps. */
    private static List<Class<?>> ours(Type type) {
        List<Class<?>> out = new ArrayList<>();
        if (type instanceof Class<?> c && c.getPackage() != null
                && c.getPackage().getName().equals(WorkflowDatabaseSpec.class.getPackage().getName()) && !c.isEnum()) {
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                out.addAll(ours(argument));
            }
        }
        return out;
    }
}
