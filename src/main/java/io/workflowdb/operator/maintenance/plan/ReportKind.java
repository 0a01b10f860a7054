package io.workflowdb.operator.maintenance.plan;

/** The reports a run writes to status after its actions. */
public enum ReportKind {
    UNUSED_INDEXES("unused indexes"),
    BLOAT("bloat"),
    SIZES("sizes");

    private final String label;

    ReportKind(String label) {
        this.label = label;
    }

    /** How status and the CLI name the report's step: {@code report unused indexes}. */
    public String actionName() {
        return "report " + label;
    }

    public String label() {
        return label;
    }
}
