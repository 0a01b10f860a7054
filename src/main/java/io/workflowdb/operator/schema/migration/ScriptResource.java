package io.workflowdb.operator.schema.migration;

import java.io.Reader;
import java.io.StringReader;

import org.flywaydb.core.api.resource.LoadableResource;

/** A migration's text held in memory; its file name stands in for every path Flyway asks for. */
final class ScriptResource extends LoadableResource {

    private final MigrationScript script;

    ScriptResource(MigrationScript script) {
        this.script = script;
    }

    @Override
    public Reader read() {
        return new StringReader(script.sql());
    }

    @Override
    public String getAbsolutePath() {
        return script.file();
    }

    @Override
    public String getAbsolutePathOnDisk() {
        return script.file();
    }

    @Override
    public String getFilename() {
        return script.file();
    }

    @Override
    public String getRelativePath() {
        return script.file();
    }
}
