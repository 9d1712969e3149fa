#!/usr/bin/env bash
# Writes bench-out/codec-calls/<codec>/: the labelled dev calls (../shared/calls/dev) as call recording
# systems export them (MP3, M4A, Ogg Opus at a few bitrates), each file named NAME.wav like the original
# so ../shared/eval/run.sh and `npm run eval -- --calls DIR` take it as it is (SoftSpoken finds the type
# from the bytes), with the original truth file beside it (the decoders trim the start padding, so the
# labelled times hold). Needs ffmpeg (Debian package). Then, for each folder:
#   npm run eval -- --calls bench-out/codec-calls/mp3-32k
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-$root/../shared/calls/dev}
out=$root/bench-out/codec-calls
declare -A codecs=(
  [mp3-32k]='-c:a libmp3lame -b:a 32k -f mp3'
  [mp3-16k]='-c:a libmp3lame -b:a 16k -f mp3'
  [m4a-32k]='-c:a aac -b:a 32k -f ipod'
  [opus-24k]='-c:a libopus -b:a 24k -f ogg'
  [opus-48k]='-c:a libopus -b:a 48k -f ogg'
)
for name in "${!codecs[@]}"; do
  mkdir -p "$out/$name"
  for wav in "$calls"/*.wav; do
    call=$(basename "$wav" .wav)
    cp "$calls/$call.truth.json" "$out/$name/"
    # shellcheck disable=SC2086 # the options are words
    ffmpeg -hide_banner -loglevel error -y -i "$wav" ${codecs[$name]} "$out/$name/$call.wav"
  done
  echo "made $out/$name"
done
