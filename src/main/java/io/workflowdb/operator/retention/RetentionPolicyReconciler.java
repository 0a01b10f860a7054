package io.workflowdb.operator.retention;

import jakarta.inject.Inject;

import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.policy.PolicyReconciler;

/**
 * Archives or deletes a table's old rows as its RetentionPolicy asks: validated, then, once its
 * database is Ready, runs started on schedule and worked in slices ({@link RetentionRun}).
 */
@ControllerConfiguration(name = "retentionpolicy")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
public class RetentionPolicyReconciler extends PolicyReconciler<RetentionPolicy> {

    @Inject
    public RetentionPolicyReconciler(RetentionRun runs) {
        super(RetentionPolicyRules::check, runs);
    }
}
