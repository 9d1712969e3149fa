#!/usr/bin/env bash
# Writes test/fixtures/codecs/: the end-to-end fixture call (test/fixtures/calls/e2e-call.wav, 20 s,
# 8 kHz stereo) and a 3-second excerpt of it, encoded by the usual tools, for the codec round-trip tests
# (test/source/codecs.test.ts) and the decoder fuzz test. Needs ffmpeg and sox (Debian packages); run it
# only to change the fixtures (the files are committed; CI does not run this).
set -euo pipefail
cd "$(dirname "$0")/../test/fixtures/codecs"
call=../calls/e2e-call.wav
q=(-hide_banner -loglevel error -y)
sox "$call" excerpt.wav trim 2.5 3
ffmpeg "${q[@]}" -i "$call" -c:a libmp3lame -b:a 48k call.mp3
ffmpeg "${q[@]}" -i "$call" -c:a aac -b:a 64k call.m4a # index (moov) after the audio: ffmpeg's default
ffmpeg "${q[@]}" -i "$call" -c:a libopus -b:a 32k call.opus
ffmpeg "${q[@]}" -i excerpt.wav -c:a flac excerpt.flac
ffmpeg "${q[@]}" -i excerpt.wav -c:a libvorbis -q:a 4 excerpt.ogg
ffmpeg "${q[@]}" -i excerpt.wav -c:a libopus -b:a 32k excerpt.webm
ffmpeg "${q[@]}" -i excerpt.wav -c:a aac -b:a 64k -movflags +faststart excerpt-faststart.m4a
ffmpeg "${q[@]}" -i excerpt.wav -c:a aac -b:a 64k -f mp4 -movflags +frag_keyframe+empty_moov \
  -frag_duration 500000 excerpt-fragmented.m4a
ffmpeg "${q[@]}" -i excerpt.wav -c:a aac -b:a 64k excerpt.aac
ffmpeg "${q[@]}" -i excerpt.wav -c:a libmp3lame -b:a 64k -id3v2_version 3 -metadata title="Call 7" excerpt-id3.mp3
# a call as two mono MP3s (mpg123 decodes mono as two equal channels: the source layer keeps one)
ffmpeg "${q[@]}" -i excerpt.wav -af 'pan=mono|c0=c0' -c:a libmp3lame -b:a 32k excerpt-agent.mp3
ffmpeg "${q[@]}" -i excerpt.wav -af 'pan=mono|c0=c1' -c:a libmp3lame -b:a 32k excerpt-customer.mp3
# AMR is mono only: a call in AMR is two files
sox excerpt.wav -t amr-nb -c 1 excerpt-agent.amr remix 1
sox excerpt.wav -t amr-nb -c 1 excerpt-customer.amr remix 2
ls -l
