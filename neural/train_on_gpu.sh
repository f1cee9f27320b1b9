#!/usr/bin/env bash
# Train the prior on a machine with one GPU: build the data with every core, then train a few
# settings side by side on the one GPU, MINUTES each. Everything lands in OUT/prior-runs.tgz
# (per setting: config.json, metrics.json, prior.pt and the log). Export on the serving machine:
#   python -m neural.export --checkpoint SETTING/prior.pt --out neural/weights \
#       --seed 99 --tasks 0 --valid 2000 --real-copies 0
# Usage: bash neural/train_on_gpu.sh OUT   (MINUTES, TASKS, DEVICE, WORKERS override the defaults;
# DEADLINE_S, seconds from the start, shortens the training so that all ends before it)
set -euo pipefail
out=${1:?usage: train_on_gpu.sh OUT}
minutes=${MINUTES:-5}
tasks=${TASKS:-400000}
device=${DEVICE:-cuda}
workers=${WORKERS:-$(nproc)}
data=(--tasks "$tasks" --valid 4000 --real-copies 30 --seed 1)
work=$(mktemp -d)
settings=(
    "h64-lr2e-3|--hidden 64 --lr 2e-3"
    "h128-lr1e-3|--hidden 128 --lr 1e-3"
    "h128-lr2e-3|--hidden 128 --lr 2e-3"
)
python3 -m neural.data "${data[@]}" --workers "$workers"
if [[ -n ${DEADLINE_S:-} ]]; then
    minutes=$(python3 -c "print(round(min($minutes, max(0.5, ($DEADLINE_S - $SECONDS - 90) / 60)), 2))")
    echo "training for $minutes minutes"
fi
for setting in "${settings[@]}"; do
    name=${setting%%|*}
    read -r -a flags <<<"${setting#*|}"
    mkdir -p "$work/$name"
    python3 -m neural.train "${data[@]}" "${flags[@]}" --device "$device" --minutes "$minutes" \
        --batch 512 --real-fraction 0.1 --print-every 60 --no-export \
        --out "$work/$name" --checkpoint "$work/$name/prior.pt" >"$work/$name/train.log" 2>&1 &
done
wait
for setting in "${settings[@]}"; do
    name=${setting%%|*}
    echo "== $name"
    tail -n 4 "$work/$name/train.log"
    python3 -c "import json,sys; v=json.load(open(sys.argv[1]))['validation']; \
print({k: round(v[k]['recall_at_10'], 3) for k in v})" "$work/$name/metrics.json"
done
mkdir -p "$out"
tar czf "$out/prior-runs.tgz" -C "$work" .
