#!/usr/bin/env bash
# Prints the operator's figures at scale in the local sandbox: 100 external WorkflowDatabases with
# four policies each (500 resources; pass another number of databases, then of spec changes, default
# 50), the time from a spec change until status.observedGeneration shows it (median, p99, max), the
# operator's RSS and heap, and reconciles per second. Builds the operator jar first.
# OPERATOR_JVM replaces the operator's JVM options (see docs/sandbox.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p target/tmp
java -Djava.io.tmpdir=target/tmp ${OPERATOR_JVM:+"-Dbench.operatorJvm=$OPERATOR_JVM"} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.workflowdb.operator.bench.SandboxScaleBenchmark "$@"
