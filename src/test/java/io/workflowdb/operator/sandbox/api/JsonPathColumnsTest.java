package io.workflowdb.operator.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.workflowdb.operator.sandbox.api.QuotedJson.json;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonPathColumnsTest {

    private static final JsonNode OBJECT = json("{'metadata':{'name':'p','creationTimestamp':'2026-01-01T00:00:00Z',"
            + "'labels':{'app.kubernetes.io/name':'db'}},"
            + "'spec':{'table':'tasks','where':[{'column':'status'},{'column':'kind'}]},"
            + "'status':{'conditions':[{'type':'Progressing','status':'False'},{'type':'Ready','status':'True'}],"
            + "'lastRun':{'rows':42},'members':[{'name':'m0','lag':0},{'name':'m1','lag':5}]}}");

    private static List<String> texts(String expression) {
        return JsonPathColumns.find(OBJECT, expression).stream().map(JsonNode::asText).toList();
    }

    @Test
    void followsFieldsIndexesAndWildcards() {
        assertEquals(List.of("tasks"), texts(".spec.table"));
        assertEquals(List.of("tasks"), texts("{.spec.table}"));
        assertEquals(List.of("42"), texts(".status.lastRun.rows"));
        assertEquals(List.of("status"), texts(".spec.where[0].column"));
        assertEquals(List.of("kind"), texts(".spec.where[-1].column"));
        assertEquals(List.of("status", "kind"), texts(".spec.where[*].column"));
        assertEquals(List.of("db"), texts(".metadata.labels['app.kubernetes.io/name']"));
        assertEquals(2, JsonPathColumns.find(OBJECT, ".spec.*").size());
    }

    @Test
    void filtersListEntries() {
        assertEquals(List.of("True"), texts(".status.conditions[?(@.type==\"Ready\")].status"));
        assertEquals(List.of("True"), texts(".status.conditions[?(@.type=='Ready')].status"));
        assertEquals(List.of("False"), texts(".status.conditions[?(@.type!=\"Ready\")].status"));
        assertEquals(List.of("m1"), texts(".status.members[?(@.lag==5)].name"));
        assertEquals(List.of("m0", "m1"), texts(".status.members[?(@.name)].name"));
    }

    @Test
    void findsNothingWhereThereIsNothing() {
        assertTrue(texts(".status.phase").isEmpty());
        assertTrue(texts(".status.conditions[?(@.type==\"Synced\")].status").isEmpty());
        assertTrue(texts(".spec.where[7].column").isEmpty());
        assertTrue(texts(".spec.table.name").isEmpty());
    }

    @Test
    void refusesWhatItDoesNotSupport() {
        assertThrows(IllegalArgumentException.class, () -> JsonPathColumns.find(OBJECT, "..name"));
        assertThrows(IllegalArgumentException.class, () -> JsonPathColumns.find(OBJECT, ".spec.where[0:1]"));
        assertThrows(IllegalArgumentException.class, () -> JsonPathColumns.find(OBJECT, ".spec.where[0"));
    }

    @Test
    void rendersAgesAsTheApiServerDoes() {
        assertEquals("0s", TableRenderer.humanDuration(Duration.ofMillis(-500)));
        assertEquals("45s", TableRenderer.humanDuration(Duration.ofSeconds(45)));
        assertEquals("119s", TableRenderer.humanDuration(Duration.ofSeconds(119)));
        assertEquals("5m3s", TableRenderer.humanDuration(Duration.ofSeconds(303)));
        assertEquals("5m", TableRenderer.humanDuration(Duration.ofMinutes(5)));
        assertEquals("42m", TableRenderer.humanDuration(Duration.ofMinutes(42)));
        assertEquals("3h5m", TableRenderer.humanDuration(Duration.ofMinutes(185)));
        assertEquals("20h", TableRenderer.humanDuration(Duration.ofHours(20)));
        assertEquals("2d", TableRenderer.humanDuration(Duration.ofHours(48)));
        assertEquals("3d4h", TableRenderer.humanDuration(Duration.ofHours(76)));
        assertEquals("400d", TableRenderer.humanDuration(Duration.ofDays(400)));
        assertEquals("3y10d", TableRenderer.humanDuration(Duration.ofDays(3 * 365 + 10)));
        assertEquals("<invalid>", TableRenderer.age("yesterday", Instant.now()));
    }

    @Test
    void aTableCellTakesTheFirstMatchTypedAsItsColumn() {
        JsonNode crdVersion = json("{'name':'v1alpha1','additionalPrinterColumns':["
                + "{'name':'Ready','type':'string','jsonPath':'.status.conditions[?(@.type==\\\"Ready\\\")].status'},"
                + "{'name':'Rows','type':'integer','jsonPath':'.status.lastRun.rows'},"
                + "{'name':'Phase','type':'string','jsonPath':'.status.phase'},"
                + "{'name':'Age','type':'date','jsonPath':'.metadata.creationTimestamp'}]}");
        JsonNode table = TableRenderer.render(json("{'metadata':{'resourceVersion':'7'},'items':[" + OBJECT + "]}"),
                crdVersion, null, Instant.parse("2026-01-03T01:00:00Z"));
        assertEquals("Table", table.path("kind").asText());
        assertEquals("7", table.path("metadata").path("resourceVersion").asText());
        assertEquals(json("['Name','Ready','Rows','Phase','Age']"),
                new ObjectMapper().valueToTree(table.path("columnDefinitions").findValuesAsText("name")));
        assertEquals("[\"p\",\"True\",42,null,\"2d1h\"]", table.path("rows").get(0).path("cells").toString());
        assertEquals("PartialObjectMetadata", table.path("rows").get(0).path("object").path("kind").asText());
    }

    @Test
    void aKindWithoutPrinterColumnsGetsNameAndAge() {
        JsonNode table = TableRenderer.render(OBJECT, null, "Object", Instant.parse("2026-01-01T00:05:03Z"));
        assertEquals("[\"p\",\"5m3s\"]", table.path("rows").get(0).path("cells").toString());
        assertEquals(OBJECT, table.path("rows").get(0).path("object"));
    }
}
