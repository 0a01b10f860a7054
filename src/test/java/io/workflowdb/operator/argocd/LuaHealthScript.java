package io.workflowdb.operator.argocd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs an Argo CD health script as Argo CD does: the resource, converted from JSON into Lua values
 * (objects become tables with string keys, arrays tables indexed from 1), is the global {@code obj};
 * the script returns a table with {@code status} and {@code message}. Only the libraries Argo CD
 * opens for health scripts without {@code useOpenLibs} are loaded: base, package and table. Neither
 * string nor math is there, so a script that calls {@code string.format} or {@code s:lower()} fails
 * here as it would in Argo CD.
 */
final class LuaHealthScript {

    /** The health codes Argo CD accepts from a script. */
    static final Set<String> STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

    record Health(String status, String message) {
    }

    private final Path path;
    private final String source;

    LuaHealthScript(Path path) throws IOException {
        this.path = path;
        this.source = Files.readString(path);
    }

    Health evaluate(JsonNode resource) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.set("obj", toLua(resource));
        LuaValue returned = globals.load(source, path.toString()).call();
        if (!returned.istable()) {
            throw new IllegalStateException(path + " returned " + returned.typename() + ", not a table");
        }
        LuaValue status = returned.get("status");
        LuaValue message = returned.get("message");
        return new Health(status.isnil() ? null : status.tojstring(), message.isnil() ? null : message.tojstring());
    }

    static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return LuaValue.valueOf(node.intValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        return LuaValue.valueOf(node.asText());
    }
}
