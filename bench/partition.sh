#!/usr/bin/env bash
# Prints partition upkeep figures: planner time over 3,650 daily partitions, a pass with nothing to
# do, and moving rows out of the default partition (default 1,000,000; pass another count).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.io.tmpdir=target/tmp -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.workflowdb.operator.bench.PartitionBenchmark "$@"
