"""Reading recordings back as a player would: the WAV header, the MP3 frames, how long each plays, and
whether anything is heard at all."""

from __future__ import annotations

import array
import io
import wave

# Layer III bit rates in kbit/s by index: MPEG-1, then MPEG-2 and 2.5.
_BITRATES = {
    "1": (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    "2": (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def wav_info(data: bytes) -> tuple[int, int, int, float]:
    """(channels, sample width in bytes, frame rate, seconds) from the header of a WAV file."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", "a RIFF WAVE file"
    with wave.open(io.BytesIO(data)) as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes() / w.getframerate()


def wav_peak(data: bytes) -> int:
    """The loudest 16-bit sample: silence is 0, speech reaches thousands."""
    with wave.open(io.BytesIO(data)) as w:
        samples = array.array("h", w.readframes(w.getnframes()))
    return max((abs(s) for s in samples), default=0)


def mp3_frames(data: bytes) -> list[tuple[int, int]]:
    """(sample rate, samples) of every Layer III frame, walking the stream from frame to frame; raises
    if anything but frames (after an optional ID3v2 tag) is found."""
    position = 0
    if data[:3] == b"ID3":
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        position = 10 + size
    frames = []
    while position + 4 <= len(data):
        b1, b2 = data[position + 1], data[position + 2]
        assert data[position] == 0xFF and b1 & 0xE0 == 0xE0, f"frame sync at byte {position}"
        version = (b1 >> 3) & 3
        assert (b1 >> 1) & 3 == 1, "Layer III"
        assert version in _SAMPLE_RATES, "a known MPEG version"
        bitrate = _BITRATES["1" if version == 3 else "2"][b2 >> 4] * 1000
        rate = _SAMPLE_RATES[version][(b2 >> 2) & 3]
        padding = (b2 >> 1) & 1
        samples = 1152 if version == 3 else 576
        length = samples // 8 * bitrate // rate + padding
        assert length > 4, f"a frame of {length} bytes at byte {position}"
        frames.append((rate, samples))
        position += length
    if position < len(data) and data[position:].startswith(b"TAG"):  # an ID3v1 tag at the end
        position = len(data)
    assert position == len(data), "the stream ends at a frame boundary"
    return frames


def mp3_seconds(data: bytes) -> float:
    return sum(samples / rate for rate, samples in mp3_frames(data))
