#!/usr/bin/env bash
# Prints health-sample figures: the database time of one sample (the probe's read-only queries)
# over the built-in workflow schema loaded with example data, with pg_stat_statements holding
# recorded statements: median, p95 and max over 200 samples (pass another count).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.io.tmpdir=target/tmp -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.workflowdb.operator.bench.HealthBenchmark "$@"
