#!/usr/bin/env bash
# What one GPU session runs on a GPU host, from the repository root, over target/bundle
# (mvn -Pbundle package; BUNDLE=DIR for another build, e.g. BUNDLE=target/gpu-bundle from
# tools/device-bundle.sh, the one that fits the device tool's 64 MiB). Results go to $OUT (default /tmp/llmbench-out).
#   tools/gpu-session.sh tests       every test, GPU ones included (bin/gpu-tests), and a sweep with a failing combination
#   tools/gpu-session.sh classes CLASSES  only the test classes named (comma-separated, e.g.
#                                     dev.llmbench.reference.GoldenEncoderEngineTest), as bin/gpu-tests runs them
#   tools/gpu-session.sh trt NAME [MODELS [MODE]]  the TensorRT-LLM form (fp16, MODE default plugin) for MODELS
#                                           (comma-separated; default gpt_350m,llama_7b), JSON to $OUT/NAME-MODEL.json
#   tools/gpu-session.sh peers       the ceilings, then the PyTorch peers (tools/peers) for gpt_350m and llama_7b
#   tools/gpu-session.sh hfpeers MODELS  Hugging Face generate (static cache) for other families' rows
#   tools/gpu-session.sh encoders    the ceilings, then the encoder sweep of the reference suite (ENCODERS, default
#                                     bert_base,bert_large; fp16 plugin, batch 1;8;64 x input 128;512), then its
#                                     PyTorch peers (hf_encoder.py, eager and compiled)
#   tools/gpu-session.sh allreduce   NCCL all-reduce (AllReduceBenchmark) at ALLREDUCE_WORLD GPUs (default 1; e.g. 1,2,4),
#                                     then its PyTorch peer (tools/peers/torch_allreduce.py) at each world size
#   tools/gpu-session.sh tp          tensor parallelism on this host's GPUs: its GPU tests, then the TensorRT-LLM form at
#                                     world sizes TP_SIZES (default 1 and every GPU) for TP_MODELS (default llama_7b,llama_70b),
#                                     then world size 2 as two processes of this node (the launcher's protocol, loopback)
#   tools/gpu-session.sh weightonly  the weight-only products: kernels/dev/weight_only_bench.cu (timings and a check against
#                                     the dense route), their GPU tests, then llama_7b's TensorRT-LLM form in each format
#   tools/gpu-session.sh ab [MODELS]  before/after in one sitting over a bundle from tools/device-bundle.sh --base C,...:
#                                     fp32 tokens and logits of the pre-existing golden checkpoints, ours against
#                                     each C's, byte for byte; then the TensorRT-LLM form, the sides alternately
#                                     (AB_FP32=0 skips the fp32 check; AB_ORDER, AB_BATCH, AB_IO below)
set -uo pipefail
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export NCCL_NVLS_ENABLE=0
OUT=${OUT:-/tmp/llmbench-out}
mkdir -p "$OUT"
BUNDLE=${BUNDLE:-target/bundle}
B=$BUNDLE/bin/llmbench
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw,memory.used --format=csv | tee "$OUT/gpu.txt"

case "${1:-}" in
  tests)
    # The golden fixtures also come from the working tree, so a bundle slimmed for the device's 64 MiB
    # (zip -d lib/engine-tests.jar 'goldens/*') still finds them.
    # The tests of the committed results read jmh-results/, which the device tool's 64 MiB carry leaves out: without
    # it they are excluded, and said to be, rather than failing for a file that is not there (CI runs them).
    results_tests=()
    if [[ ! -f jmh-results/index.json ]]; then
      results_tests=(--exclude-classname '.*\.(ResultsIndexTest|HistoryTest|CommittedResultsFormatTest|SweepDataTest)')
      echo "jmh-results/ not carried: ResultsIndexTest, HistoryTest, CommittedResultsFormatTest and SweepDataTest not run"
    fi
    $BUNDLE/bin/gpu-tests --class-path engine/src/test/resources "${results_tests[@]}" > "$OUT/gpu-tests.log" 2>&1
    echo "gpu-tests rc=$?"
    grep -E "tests (successful|failed|found|skipped|aborted)|containers failed" "$OUT/gpu-tests.log"
    grep -E "Assumption|aborted|TestAbortedException" "$OUT/gpu-tests.log" | sort | uniq -c | head -20
    grep -E "^  JUnit Jupiter:|=> " "$OUT/gpu-tests.log" | head -40
    # A sweep where one combination cannot run on one GPU: one [FAILED] line, the others report, exit 1.
    $B DecoderBenchmark.generate -p model=gpt_350m,gpt_175b -p precision=float32 -wi 0 -i 1 -r 1 \
       > "$OUT/failing-sweep.log" 2> "$OUT/failing-sweep.err"
    echo "failing sweep rc=$?"
    grep -E "^\[(FAILED|WARNING|BENCHMARK)\]|Exception|\tat " "$OUT/failing-sweep.log" | cut -c1-400
    cat "$OUT/failing-sweep.err"
    ;;
  classes)
    source "$BUNDLE/bin/cuda-env.sh"
    selectors=()
    for class in $(echo "${2:?test classes, comma-separated}" | tr , ' '); do selectors+=(--select-class "$class"); done
    lib=$BUNDLE/lib
    "$JAVA" ${LLMBENCH_JAVA_OPTS:-} -jar "$lib/junit-console.jar" execute \
      --class-path "engine/src/test/resources:$lib/engine-tests.jar:$lib/benchmarks-tests.jar:$lib/kernels-tests.jar:$lib/benchmarks.jar" \
      "${selectors[@]}" --config=llmbench.gpu.required=true --details=summary --disable-banner > "$OUT/classes.log" 2>&1
    echo "classes rc=$?"
    grep -E "tests (successful|failed|found|aborted)" "$OUT/classes.log"
    grep -E "=> " "$OUT/classes.log" | head -20
    ;;
  trt)
    name=${2:?name of the run}
    for model in $(echo ${3:-gpt_350m,llama_7b} | tr , ' '); do
      $B -m $model --mode ${4:-plugin} --batch_size "1;8;64" --input_output_len "60,20;128,20" \
         -rf json -rff "$OUT/$name-$model.json" > "$OUT/$name-$model.log" 2>&1
      echo "$name $model rc=$?"; grep -E "^\[(BENCHMARK|FAILED|WARNING)\]|combinations failed" "$OUT/$name-$model.log"
    done
    ;;
  peers)
    python3 tools/peers/ceilings.py | tee "$OUT/ceilings.txt"
    PYTHONUNBUFFERED=1 python3 tools/peers/torch_fast.py --models gpt_350m,llama_7b --batch_size "1;8;64" \
      --input_output_len "60,20;128,20" --variants fast --json "$OUT/torch_fast.json" 2>&1 | tee "$OUT/torch_fast.txt" \
      | grep -E "^\[BENCHMARK\]|^#|Error"
    ;;
  hfpeers)
    # Hugging Face generate() with its static cache for the families only Hugging Face peers (MODELS, comma-separated)
    PYTHONUNBUFFERED=1 python3 tools/peers/hf_generate.py --models "${2:?models}" --batch_size "1;8;64" \
      --input_output_len "60,20;128,20" --variants static --json "$OUT/hf_static.json" 2>&1 | tee "$OUT/hf_static.txt" \
      | grep -E "^\[BENCHMARK\]|^#|Error"
    ;;
  encoders)
    # ENCODERS (default bert_base,bert_large) picks the models; the ceilings of the same sitting come first.
    python3 tools/peers/ceilings.py | tee "$OUT/ceilings.txt" | grep -E "^\[CEILING\]"
    for model in $(echo ${ENCODERS:-bert_base,bert_large} | tr , ' '); do
      $B -m $model --mode plugin --batch_size "1;8;64" --input_len "128;512" -rf json -rff "$OUT/enc-$model.json" \
        > "/tmp/enc-$model.log" 2>&1
      echo "encoder $model rc=$?"; grep -aE "^\[(BENCHMARK|FAILED|WARNING)\]|combinations failed" "/tmp/enc-$model.log" | cut -c1-400
    done
    PYTHONUNBUFFERED=1 timeout ${PEER_TIMEOUT:-240} python3 tools/peers/hf_encoder.py --models ${ENCODERS:-bert_base,bert_large} \
      --json "$OUT/hf_encoder.json" 2>&1 | grep -E "^\[BENCHMARK\]|^\[FAILED\]|^#|Error" | cut -c1-400
    ;;
  ab)
    bases=$(cat "$BUNDLE/lib/base.commits")
    source "$BUNDLE/bin/cuda-env.sh"
    # A side is "ours" or a base's commit: that commit's classes and kernels before ours on the class path.
    run_side() {
      local side=$1; shift
      if [[ $side == ours ]]; then $B "$@"; else
        "$JAVA" ${LLMBENCH_JAVA_OPTS:-} -cp "$BUNDLE/lib/base-$side.jar:$BUNDLE/lib/benchmarks.jar" dev.llmbench.bench.Main "$@"
      fi
    }
    ids="3,14,15,92,65,35,89,79;32,38,46,26,43,38,32,79"
    [[ ${AB_FP32:-1} == 0 ]] || for base in $bases; do
      for golden in gpt2 llama_gqa opt_post_norm opt_pre_norm; do
        for mode in plugin ootb-except-mha; do
          for side in $base ours; do
            tag=$([[ $side == ours ]] && echo ours || echo base)
            run_side $side generate --checkpoint engine/src/test/resources/goldens/$golden --input-ids "$ids" --output-len 8 \
              --dtype float32 --mode $mode --logits-out "/tmp/ab-$tag.npy" > "/tmp/ab-$tag.txt" 2>&1
          done
          if cmp -s /tmp/ab-base.npy /tmp/ab-ours.npy && cmp -s /tmp/ab-base.txt /tmp/ab-ours.txt; then
            verdict=identical; else verdict=DIFFERENT; fi
          echo "fp32 $golden $mode: tokens and logits $verdict ($base vs ours; tokens $(tr '\n' ' ' < /tmp/ab-ours.txt | cut -c1-80))"
        done
      done
    done | tee "$OUT/ab-fp32.txt"
    # AB_ORDER (default: the bases, then ours) sets the runs per model, e.g. "ours C ours" for the order's effect
    # and ours' run-to-run spread (each run builds and tunes afresh); the n-th run of a side is tagged -n.
    # AB_BATCH and AB_IO narrow the shapes (default "1;8;64" and "60,20;128,20").
    for model in $(echo ${2:-gpt_350m,llama_7b} | tr , ' '); do
      declare -A seen=()
      for side in ${AB_ORDER:-$bases ours}; do
        seen[$side]=$(( ${seen[$side]:-0} + 1 ))
        tag=$side-${seen[$side]}
        run_side $side -m $model --mode plugin --batch_size "${AB_BATCH:-1;8;64}" --input_output_len "${AB_IO:-60,20;128,20}" \
           -rf json -rff "$OUT/ab-$tag-$model.json" > "/tmp/ab-$tag-$model.log" 2>&1
        echo "ab $tag $model rc=$?: $(grep -aE '^\[BENCHMARK\]' "/tmp/ab-$tag-$model.log" | awk '{for (i = 1; i < NF; i++) {
          if ($i == "batch_size") b = $(i+1); if ($i == "input_length") n = $(i+1); if ($i == "latency(ms)") l = $(i+1) }
          printf "b%s/%s %s ms  ", b, n, l }')"
        grep -aE "^\[FAILED\]|combinations failed" "/tmp/ab-$tag-$model.log" | cut -c1-300
      done
    done
    ;;
  allreduce)
    # NCCL all-reduce at each GPU count of ALLREDUCE_WORLD (default 1), fp16 and bf16, then the PyTorch peer
    $B AllReduceBenchmark -p worldSize=${ALLREDUCE_WORLD:-1} -p precision=float16,bfloat16 -rf json \
       -rff "$OUT/allreduce.json" > "$OUT/allreduce.log" 2>&1
    echo "allreduce rc=$?"; grep -aE "^AllReduceBenchmark|FAILED|Exception" "$OUT/allreduce.log" | cut -c1-200
    for world in $(echo ${ALLREDUCE_WORLD:-1} | tr , ' '); do  # the PyTorch peer, one run per world size
      for precision in float16 bfloat16; do
        PYTHONUNBUFFERED=1 python3 tools/peers/torch_allreduce.py --world_size $world --precision $precision \
          --json "$OUT/torch_allreduce-$world-$precision.json" 2>&1 | grep -E "^\[ALLREDUCE\]|^#|rror"
      done
    done
    ;;
  tp)
    # Tensor parallelism on this host's GPUs (TP_WORLD, default every GPU shown): the engine's tensor-parallel tests
    # (the two-GPU cases run where two GPUs are visible), then the TensorRT-LLM form at each world size of TP_SIZES
    # (default 1 and TP_WORLD) for TP_MODELS (default llama_7b,llama_70b), JSON per model and size.
    source "$BUNDLE/bin/cuda-env.sh"
    world=${TP_WORLD:-$(nvidia-smi -L | wc -l)}
    lib=$BUNDLE/lib
    "$JAVA" ${LLMBENCH_JAVA_OPTS:-} -jar "$lib/junit-console.jar" execute \
      --class-path "engine/src/test/resources:$lib/engine-tests.jar:$lib/benchmarks-tests.jar:$lib/kernels-tests.jar:$lib/benchmarks.jar" \
      --select-class dev.llmbench.reference.TensorParallelEngineTest --select-class dev.llmbench.reference.ShardedEngineTest \
      --select-class dev.llmbench.cuda.NcclCommunicatorTest --config=llmbench.gpu.required=true --details=summary \
      --disable-banner > "$OUT/tp-tests.log" 2>&1
    echo "tp tests rc=$?"; grep -E "tests (successful|failed|found|aborted)|=> " "$OUT/tp-tests.log" | head -20
    for model in $(echo ${TP_MODELS:-llama_7b,llama_70b} | tr , ' '); do
      for size in $(echo ${TP_SIZES:-1,$world} | tr , ' '); do
        $B -m $model --mode plugin --world_size $size --batch_size "1;8;64" --input_output_len "128,20" \
           -rf json -rff "$OUT/tp-$model-$size.json" > "/tmp/tp-$model-$size.log" 2>&1
        echo "tp $model world $size rc=$?"; grep -aE "^\[(BENCHMARK|FAILED)\]|combinations failed" "/tmp/tp-$model-$size.log" | cut -c1-300
      done
    done
    # The same group as two processes of this node, one GPU each (what a run over two nodes does, over the loopback):
    # rank 1 follows rank 0's trials; both must exit 0.
    if (( world >= 2 )); then
      models=${TP_MODELS:-llama_7b,llama_70b}; model=${models%%,*}
      declare -A pids=()
      for rank in 1 0; do  # rank 1 first: it retries until rank 0 listens
        LLMBENCH_WORLD_SIZE=2 LLMBENCH_RANK=$rank LLMBENCH_LOCAL_RANK=$rank LLMBENCH_MASTER=127.0.0.1:29517 \
          $B -m $model --mode plugin --world_size 2 --batch_size "1;8" --input_output_len "128,20" \
          -rf json -rff "$OUT/tp-2proc-$model.json" > "/tmp/tp-2proc-rank$rank.log" 2>&1 &
        pids[$rank]=$!
      done
      for rank in 0 1; do
        wait ${pids[$rank]}; echo "two processes $model, rank $rank rc=$?"
        grep -aE "^\[(BENCHMARK|FAILED)\]|ERROR|combinations failed" "/tmp/tp-2proc-rank$rank.log" | cut -c1-300
      done
    fi
    ;;
  weightonly)
    # The weight-only products: kernels/dev/weight_only_bench.cu (WO_BENCH, default target/wo_bench: build it here with
    # the nvcc line of its header and carry it) times them on llama_7b's shapes and checks each against dequantize + an
    # fp32 product; then their GPU tests; then the ceilings and llama_7b's TensorRT-LLM form unquantized and in every
    # weight-only format (WO_FORMATS), JSON per format.
    bench=${WO_BENCH:-target/wo_bench}
    if [[ -x $bench ]]; then
      $bench 100 > "$OUT/wo_bench.txt" 2>&1
      echo "wo_bench rc=$?"; grep -E "^w|check|probe" "$OUT/wo_bench.txt" | grep -E "^w[48] +[0-9]+ +[0-9]+ +(1|8|64) |check.*FAIL|probe" | head -40
      grep -c "check.* ok" "$OUT/wo_bench.txt"
    else
      echo "no $bench: the harness is not timed"
    fi
    "$0" classes dev.llmbench.cuda.WeightOnlyKernelsTest,dev.llmbench.cuda.KernelBoundaryTest,dev.llmbench.reference.QuantizedEngineTest,dev.llmbench.runtime.EngineSmokeTest
    python3 tools/peers/ceilings.py | tee "$OUT/ceilings.txt" | grep CEILING
    for q in $(echo ${WO_FORMATS:-none,int8_weight_only,int4_weight_only,int4_weight_only_gptq} | tr , ' '); do
      $B -m llama_7b --quantization $q --batch_size "1;8;64" --input_output_len "60,20;128,20" \
         -rf json -rff "$OUT/wo-$q.json" > "$OUT/wo-$q.log" 2>&1
      echo "$q rc=$?"; grep -E "^\[(FAILED|WARNING)\]" "$OUT/wo-$q.log"
      grep -E "^\[BENCHMARK\]" "$OUT/wo-$q.log" | grep -oE "batch_size [0-9]+|input_length [0-9]+|ttft\(ms\) [0-9.]+|tpot\(ms\) [0-9.]+" | paste - - - -
    done
    ;;
  *) echo "usage: $0 tests|classes CLASSES|trt NAME [MODELS [MODE]]|peers|hfpeers MODELS|encoders|ab [MODELS]|allreduce|tp|weightonly" >&2; exit 2 ;;
esac
# The device tool brings back at most 8 files from $OUT: with more, they travel as one archive. An earlier
# invocation's archive goes into the new one (nested), so several invocations in one call lose nothing.
if (( $(find "$OUT" -maxdepth 1 -type f | wc -l) > 8 )); then
  packed=$(mktemp /tmp/llmbench-results.XXXXXX)
  (cd "$OUT" && find . -maxdepth 1 -type f -printf '%P\n' | tar czf "$packed" --remove-files -T -) && mv "$packed" "$OUT/results.tgz"
  echo "more than 8 result files: packed into $OUT/results.tgz (an earlier results.tgz nested inside)"
fi
