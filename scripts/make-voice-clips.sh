#!/usr/bin/env bash
# Synthesizes the short test utterances in test/fixtures/voices/ with espeak-ng and flite, and writes
# test/fixtures/voices/index.json. Deterministic and re-runnable: every run rebuilds the whole folder.
#
# Each clip is 16 kHz mono PCM16, trimmed with sox so it starts and ends at speech (10 ms kept either
# side), then set to a fixed loudness: calm, backchannel and interjection clips to CALM_RMS_DB dBFS RMS,
# angry clips to ANGRY_RMS_DB (6 dB louder), so a clip's "native level" is known to the scene composer.
#
# Voices (the id says the party): customers c-slt (flite slt) and c-usf3 (espeak-ng en-us+f3);
# agents a-kal16 (flite kal16) and a-gbm3 (espeak-ng en-gb+m3); colleagues in the agent's room
# r-rms and r-awb (flite rms / awb), for room-noise placements only.
#
# Needs: espeak-ng, flite, sox (Debian packages). Usage: bash scripts/make-voice-clips.sh
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=test/fixtures/voices
CALM_RMS_DB=-28
ANGRY_RMS_DB=-22
TRIM_DB=-40 # trim threshold, relative to the clip's peak (the clip is peak-normalized first)

for tool in espeak-ng flite sox soxi; do
  command -v "$tool" >/dev/null || { echo "make-voice-clips: $tool not found" >&2; exit 1; }
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.wav "$OUT"/index.json
ENTRIES=()

# clip ID STYLE ENGINE VOICE TEXT
#   ENGINE is flite or espeak-ng. Angry espeak-ng clips are synthesized louder (-a), higher (-p) and
#   faster (-s); angry flite clips are pitched up and sped up with sox. Both then get ANGRY_RMS_DB.
clip() {
  local id=$1 style=$2 engine=$3 voice=$4 text=$5
  local raw="$TMP/$id.raw.wav" trimmed="$TMP/$id.trim.wav" out="$OUT/$id.wav"
  local effects=() target=$CALM_RMS_DB
  case "$text" in *'"'* | *\\*) echo "make-voice-clips: no quotes or backslashes in texts" >&2; exit 1 ;; esac
  if [[ $style == angry ]]; then target=$ANGRY_RMS_DB; fi

  if [[ $engine == flite ]]; then
    flite -voice "$voice" -t "$text" -o "$raw"
    if [[ $style == angry ]]; then effects=(pitch 300 tempo -s 1.15); fi
  else
    if [[ $style == angry ]]; then
      espeak-ng -v "$voice" -a 150 -p 72 -s 205 -w "$raw" "$text"
    else
      espeak-ng -v "$voice" -a 100 -p 50 -s 165 -w "$raw" "$text"
    fi
  fi

  # Resample, normalize the peak, trim both ends at TRIM_DB (10 ms of lead-in/out kept as silence).
  sox -D -R "$raw" -r 16000 -c 1 -b 16 "$trimmed" "${effects[@]}" rate -v 16000 gain -n -1 \
    silence 1 0.002 "${TRIM_DB}d" reverse silence 1 0.002 "${TRIM_DB}d" reverse pad 0.01 0.01

  local rms gain duration
  rms=$(sox "$trimmed" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
  gain=$(awk -v t="$target" -v r="$rms" 'BEGIN { printf "%.2f", t - r }')
  sox -D -R "$trimmed" -b 16 "$out" gain "$gain"
  duration=$(soxi -D "$out" | awk '{ printf "%.3f", $1 }')
  ENTRIES+=("$(printf '  { "id": "%s", "file": "%s.wav", "voice": "%s:%s", "text": "%s", "style": "%s", "durationSec": %s }' \
    "$id" "$id" "$engine" "$voice" "$text" "$style" "$duration")")
}

# Customer 1: flite slt (female).
clip c-slt-calm-1 calm flite slt "Hi, I'm calling about my last bill."
clip c-slt-calm-2 calm flite slt "It says I owe forty pounds more than usual."
clip c-slt-calm-3 calm flite slt "I did check the account online this morning."
clip c-slt-angry-1 angry flite slt "This is the third time I've had to call you!"
clip c-slt-angry-2 angry flite slt "Nobody ever calls me back, not once!"
clip c-slt-angry-3 angry flite slt "I want this sorted out today, right now!"

# Customer 2: espeak-ng en-us+f3.
clip c-usf3-calm-1 calm espeak-ng en-us+f3 "My internet keeps dropping in the evening."
clip c-usf3-calm-2 calm espeak-ng en-us+f3 "I have already restarted the router twice."
clip c-usf3-calm-3 calm espeak-ng en-us+f3 "Could you tell me what the next step is, please?"
clip c-usf3-angry-1 angry espeak-ng en-us+f3 "I have been waiting on hold for an hour!"
clip c-usf3-angry-2 angry espeak-ng en-us+f3 "You people promised me this was fixed!"
clip c-usf3-angry-3 angry espeak-ng en-us+f3 "I am paying for a service I never get!"

# Agent 1: flite kal16 (male).
clip a-kal16-calm-1 calm flite kal16 "Thanks for calling, how can I help today?"
clip a-kal16-calm-2 calm flite kal16 "I can see the charge on your account now."
clip a-kal16-calm-3 calm flite kal16 "I will raise a refund for you straight away."
clip a-kal16-int-1 interjection flite kal16 "Sorry, can I just stop you there?"
clip a-kal16-int-2 interjection flite kal16 "Let me explain."
clip a-kal16-bc-1 backchannel flite kal16 "Mm hmm."
clip a-kal16-bc-2 backchannel flite kal16 "Right."
clip a-kal16-bc-3 backchannel flite kal16 "Okay."
clip a-kal16-bc-4 backchannel flite kal16 "I see."

# Agent 2: espeak-ng en-gb+m3.
clip a-gbm3-calm-1 calm espeak-ng en-gb+m3 "I understand, let me look into that."
clip a-gbm3-calm-2 calm espeak-ng en-gb+m3 "I have booked an engineer for Tuesday."
clip a-gbm3-calm-3 calm espeak-ng en-gb+m3 "Is there anything else I can help with?"
clip a-gbm3-int-1 interjection espeak-ng en-gb+m3 "Sorry, can I just stop you there?"
clip a-gbm3-bc-1 backchannel espeak-ng en-gb+m3 "Uh huh."
clip a-gbm3-bc-2 backchannel espeak-ng en-gb+m3 "Yes, I see."

# Colleagues in the agent's room (not the agent: for room placements).
clip r-rms-calm-1 calm flite rms "Has anyone seen the new rota for next week?"
clip r-awb-calm-1 calm flite awb "I'm just going to grab a coffee."

{
  echo '['
  for i in "${!ENTRIES[@]}"; do
    if ((i < ${#ENTRIES[@]} - 1)); then echo "${ENTRIES[$i]},"; else echo "${ENTRIES[$i]}"; fi
  done
  echo ']'
} >"$OUT/index.json"

total=$(du -cb "$OUT"/*.wav | tail -n1 | cut -f1)
echo "make-voice-clips: ${#ENTRIES[@]} clips, $total bytes in $OUT"
