import { describe, expect, it } from "vitest";
import { parseMediaInfo } from "@/server/emulator/pfop/media-info";

// Captured from the @ffmpeg-installer binary (`ffmpeg -hide_banner -i <file>`).
const MP4 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf58.24.100
  Duration: 00:00:01.02, start: 0.000000, bitrate: 163 kb/s
    Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, 160x120 [SAR 1:1 DAR 4:3], 81 kb/s, 10 fps, 10 tbr, 10240 tbn, 20 tbc (default)
    Metadata:
      handler_name    : VideoHandler
    Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
`;

const HD = `Input #0, matroska,webm, from 'x.webm':
  Duration: 01:02:03.50, start: -0.007000, bitrate: 2500 kb/s
    Stream #0:0: Video: vp9 (Profile 0), yuv420p(tv, bt709/unknown/unknown), 1920x1080, SAR 1:1 DAR 16:9, 29.97 fps, 29.97 tbr, 1k tbn, 1k tbc (default)
    Stream #0:1: Audio: opus, 48000 Hz, 5.1(side), fltp (default)
`;

describe("parseMediaInfo", () => {
  it("turns ffmpeg's input summary into ffprobe-shaped avinfo", () => {
    expect(parseMediaInfo(MP4, 20891)).toEqual({
      streams: [
        {
          index: 0,
          codec_name: "h264",
          profile: "Constrained Baseline",
          codec_type: "video",
          pix_fmt: "yuv420p",
          width: 160,
          height: 120,
          display_aspect_ratio: "4:3",
          bit_rate: "81000",
          r_frame_rate: "10/1",
          tags: { handler_name: "VideoHandler" },
        },
        {
          index: 1,
          codec_name: "aac",
          profile: "LC",
          codec_type: "audio",
          sample_rate: "44100",
          channel_layout: "mono",
          channels: 1,
          sample_fmt: "fltp",
          bit_rate: "69000",
          tags: { language: "eng", handler_name: "SoundHandler" },
        },
      ],
      format: {
        nb_streams: 2,
        format_name: "mov,mp4,m4a,3gp,3g2,mj2",
        duration: "1.020000",
        start_time: "0.000000",
        bit_rate: "163000",
        size: "20891",
        tags: { major_brand: "isom", minor_version: "512", compatible_brands: "isomiso2avc1mp41", encoder: "Lavf58.24.100" },
      },
    });
  });

  it("handles long durations, fractional frame rates and surround audio", () => {
    const info = parseMediaInfo(HD, 1)!;
    expect(info.format.duration).toBe("3723.500000");
    expect(info.format.start_time).toBe("-0.007000");
    expect(info.streams[0]).toMatchObject({ codec_name: "vp9", width: 1920, height: 1080, pix_fmt: "yuv420p", r_frame_rate: "29970/1000" });
    expect(info.streams[1]).toMatchObject({ codec_name: "opus", sample_rate: "48000", channels: 6, channel_layout: "5.1", sample_fmt: "fltp" });
  });

  it("reports no media for input ffmpeg could not read", () => {
    expect(parseMediaInfo("/etc/passwd: Invalid data found when processing input\n", 10)).toBeUndefined();
  });
});
