package io.workflowdb.operator.validation;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;

import io.workflowdb.operator.api.v1alpha1.StoredSpec;

/**
 * Writes a resource's {@code spec} as it was stored rather than from its typed form, so that a copy
 * made by writing and reading JSON (the operator SDK hands each reconcile such a copy) still carries
 * what validation must judge. Registered on the Kubernetes client's mapper only: the CRD generator
 * and everything else see the typed spec.
 */
public final class StoredSpecModule extends SimpleModule {

    public StoredSpecModule() {
        super("workflowdb-stored-spec");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription bean,
                    List<BeanPropertyWriter> properties) {
                if (!StoredSpec.Holder.class.isAssignableFrom(bean.getBeanClass())) {
                    return properties;
                }
                return properties.stream().map(p -> "spec".equals(p.getName()) ? new StoredSpecWriter(p) : p).toList();
            }
        });
    }

    private static final class StoredSpecWriter extends BeanPropertyWriter {

        StoredSpecWriter(BeanPropertyWriter typed) {
            super(typed);
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
            Optional<JsonNode> stored = ((StoredSpec.Holder) bean).storedSpec();
            if (stored.isEmpty()) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            gen.writeFieldName(getName());
            gen.writeTree(stored.get());
        }
    }
}
