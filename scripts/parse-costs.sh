#!/usr/bin/env bash
# Nanoseconds per call of the parse's row digest, keyed hash and date reading, each against
# a plainer way of doing it (a string digest, javax.crypto.Mac, the date formatter). Needs the built jar:
#   mvn -q -DskipTests package && scripts/parse-costs.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/../jobs/target/organiser-metrics.jar}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" -cp "$jar" "$here/micro/ParseCosts.java"
java -cp "$jar:$out" ParseCosts
