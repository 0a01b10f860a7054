package io.workflowdb.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The embedded server's log (PostgreSQL's jsonlog: one JSON object per line). With
 * {@code log_statement = all} set on a database ({@link TestPostgres#logStatements}), every statement
 * run there is one record, with the database and the client's application_name.
 */
public final class ServerLog {

    static final String FILE_NAME = "server.log";
    /** jsonlog replaces the .log suffix of log_filename. */
    static final String JSON_FILE_NAME = "server.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATEMENT = Pattern.compile("^(statement|execute [^:]*): ", Pattern.DOTALL);

    /** One statement: where, from which client, and its text without the protocol's prefix. */
    public record Statement(String database, String application, String text) {
    }

    private final Path file;

    ServerLog(Path file) {
        this.file = file;
    }

    /** Every statement logged so far. */
    public List<Statement> statements() {
        List<Statement> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server log " + file, e);
        }
        for (String line : lines) {
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (IOException e) {
                continue; // the line the server is writing right now
            }
            String message = record.path("message").asText("");
            var m = STATEMENT.matcher(message);
            if (m.find()) {
                out.add(new Statement(record.path("dbname").asText(null), record.path("application_name").asText(""),
                        message.substring(m.end())));
            }
        }
        return out;
    }
}
