# Shared by the bench scripts (source it; it moves to the repository root): one place for the
# build, the runtime classpath and the JVM command line, so the scripts differ only in what they
# measure.
#
#   bench_build            builds bench and the modules it uses; sets BENCH_CP
#   bench_java HEAP ARGS   runs java with HEAP (e.g. 6g), native access granted, DJL offline,
#                          BENCH_JAVA_OPTS, the bench classpath, then ARGS (more JVM options,
#                          the main class and its arguments)
#
# Environment: JAVA_HOME (Java 17+; else java from the PATH), BENCH_JAVA_OPTS (extra JVM options).
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  BENCH_JAVA="$JAVA_HOME/bin/java"
else
  BENCH_JAVA="$(command -v java || true)"
fi
if [[ -z "$BENCH_JAVA" ]]; then
  echo "bench: no java found (set JAVA_HOME or put Java 17 or newer on the PATH)" >&2
  exit 2
fi
BENCH_CP=""
BENCH_PIN=() # a command to pin the JVM to cores with, e.g. (taskset -c 0,1)

bench_build() {
  local cpfile
  cpfile="$(mktemp "${TMPDIR:-/tmp}/flm-bench-cp.XXXXXX")"
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am install \
    dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null
  BENCH_CP="bench/target/classes:$(cat "$cpfile")"
  rm -f "$cpfile"
}

bench_java() {
  local heap="$1"
  shift
  # Java 24 and newer warn about (and later refuse) native libraries unless access is granted:
  # ONNX Runtime, the tokenizers and PyTorch all load one. DJL must never try the network here.
  # shellcheck disable=SC2086
  ${BENCH_PIN[@]+"${BENCH_PIN[@]}"} "$BENCH_JAVA" --enable-native-access=ALL-UNNAMED \
    -Xmx"$heap" -Dai.djl.offline=true ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CP" "$@"
}
