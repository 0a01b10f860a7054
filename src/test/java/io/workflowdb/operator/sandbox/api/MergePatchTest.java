package io.workflowdb.operator.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.workflowdb.operator.sandbox.api.QuotedJson.json;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class MergePatchTest {

    private static void assertMerge(String target, String patch, String expected) {
        assertEquals(json(expected), MergePatch.apply(json(target), json(patch)), () -> target + " + " + patch);
    }

    @Test
    void followsTheExamplesOfRfc7386() {
        assertMerge("{'a':'b'}", "{'a':'c'}", "{'a':'c'}");
        assertMerge("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}");
        assertMerge("{'a':'b'}", "{'a':null}", "{}");
        assertMerge("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}");
        assertMerge("{'a':['b']}", "{'a':'c'}", "{'a':'c'}");
        assertMerge("{'a':'c'}", "{'a':['b']}", "{'a':['b']}");
        assertMerge("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}");
        assertMerge("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}");
        assertMerge("['a','b']", "['c','d']", "['c','d']");
        assertMerge("{'a':'b'}", "['c']", "['c']");
        assertMerge("{'a':'foo'}", "null", "null");
        assertMerge("{'a':'foo'}", "'bar'", "'bar'");
        assertMerge("{'e':null}", "{'a':1}", "{'e':null,'a':1}");
        assertMerge("[1,2]", "{'a':'b','c':null}", "{'a':'b'}");
        assertMerge("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}");
    }

    @Test
    void replacesAListWholeAndDeletesARemovedField() {
        String stored = "{'spec':{'batchSize':5000,'allowCascade':true,"
                + "'where':[{'column':'status','values':['completed']},{'column':'kind','values':['a']}]}}";
        String patch = "{'spec':{'batchSize':1000,'allowCascade':null,'where':[{'column':'priority','values':['low']}]}}";
        assertMerge(stored, patch, "{'spec':{'batchSize':1000,'where':[{'column':'priority','values':['low']}]}}");
    }

    @Test
    void leavesItsArgumentsAlone() {
        JsonNode target = json("{'a':{'b':1}}");
        JsonNode patch = json("{'a':{'b':null,'c':2}}");
        MergePatch.apply(target, patch);
        assertEquals(json("{'a':{'b':1}}"), target);
        assertEquals(json("{'a':{'b':null,'c':2}}"), patch);
    }

    @Test
    void dropsTheDirectivesOfAStrategicMergePatch() {
        JsonNode strategic = json("{'$retainKeys':['a'],'metadata':{'labels':{'x':'y'}},"
                + "'spec':{'$setElementOrder/containers':[{'name':'a'}],"
                + "'containers':[{'name':'a','image':'i'},{'$patch':'delete','name':'b'}]}}");
        assertEquals(json("{'metadata':{'labels':{'x':'y'}},'spec':{'containers':[{'name':'a','image':'i'}]}}"),
                MergePatch.withoutDirectives(strategic));
    }
}
