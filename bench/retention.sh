#!/usr/bin/env bash
# Prints retention figures: the seed guide's single-statement archival function against the batched
# RetentionPolicy executor (batches of 5,000, 1,000 and 10,000) on the same backlog of due tasks
# (default 1,000,000; pass another count, then optionally batch sizes such as 5000,500), with rows/s
# and how long row locks were held.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.io.tmpdir=target/tmp -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.workflowdb.operator.bench.RetentionBenchmark "$@"
