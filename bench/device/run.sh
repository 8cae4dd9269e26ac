#!/usr/bin/env bash
# Runs on the device machine, from the folder bench/device/package.sh built (.dev/):
#   bash .dev/run.sh speed     one epoch of top-2 fine-tuning on the GPU (FineTuneSpeedBench)
#   bash .dev/run.sh quality   FLM frozen and top-2 on the cold-item split, one seed each
# libtorch is the machine's Python PyTorch; DJL's JNI library (libdjl_torch.so) was compiled
# against it. Logs go to $OUT (or ./out).
cd "$(dirname "$0")"
OUT="${OUT:-$PWD/out}"
mkdir -p "$OUT"
log() { echo "== $(date +%T) $*"; }
log unpack
tar -xJf jre.tar.xz
mkdir -p data model
tar -xJf data.tar.xz -C data
xz -dc compact.onnx.xz >model/all-minilm-l6-v2.onnx
xz -dc tok.json.xz >model/all-minilm-l6-v2-tokenizer.json
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
TL=$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')")
python3 -c "import torch;print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cxx11abi', torch._C._GLIBCXX_USE_CXX11_ABI, 'gpu', torch.cuda.is_available())"
TV=$(python3 -c "import torch;print(torch.__version__.split('+')[0])")
CU=$(python3 -c "import torch;print('cu'+torch.version.cuda.replace('.',''))")
# DJL counts GPUs through JNA's libcudart (CudaUtils): point it at the CUDA runtime.
CUDART=$(dirname "$(find / \( -name 'libcudart.so' -o -name 'libcudart.so.[0-9]*' \) 2>/dev/null | head -1)")
echo "cudart: $CUDART"
LD_LIBRARY_PATH=$TL ldd -r libdjl_torch.so >"$OUT/ldd.txt" 2>&1
echo "JNI library: $(grep -c 'undefined symbol' "$OUT/ldd.txt") undefined symbols"
CP=model:$(ls lib/*.jar | tr '\n' ':')
# DJL looks for its JNI library in its cache folder, under the libtorch version and flavour.
mkdir -p "/tmp/djlcache/pytorch/$TV-$CU-linux-x86_64"
cp libdjl_torch.so "/tmp/djlcache/pytorch/$TV-$CU-linux-x86_64/0.36.0-libdjl_torch.so"

flm() { # $1 log name, $2 time limit, then the main class and its arguments
  local name=$1 limit=$2
  shift 2
  log "$*"
  LD_LIBRARY_PATH=$CUDART PYTORCH_LIBRARY_PATH=$TL PYTORCH_VERSION=$TV PYTORCH_FLAVOR=$CU \
    DJL_CACHE_DIR=/tmp/djlcache timeout "$limit" jre/bin/java -Xmx24g -Djna.library.path="$CUDART" \
    -Dai.djl.offline=true -Dflm.device=gpu -cp "$CP" "$@" >"$OUT/$name" 2>&1
  echo "rc=$?"
  grep -v SLF4J "$OUT/$name" | tail -25
}

case "${1:-speed}" in
  speed)
    flm bench-gpu.log 300 dev.flm.bench.FineTuneSpeedBench data/ml-latest-small
    ;;
  quality)
    for mode in none top-2; do
      flm "quality-$mode.log" 240 dev.flm.bench.FlmQualityBench data/ml-latest-small cold seeds=1 \
        models=mostpop loss=sampled-softmax negatives=256 fine-tune=$mode
    done
    ;;
esac
log done
