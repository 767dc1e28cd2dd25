import { describe, expect, it } from "vitest";
import { cropBox, imageView2Plan, thumbnailSize } from "@/server/emulator/pfop/image";

const landscape = { w: 800, h: 400 };
const portrait = { w: 400, h: 800 };

describe("imageView2Plan", () => {
  it("mode 0 limits the long edge to w and the short edge to h", () => {
    expect(imageView2Plan(landscape, { mode: 0, w: 200, h: 200 })).toEqual({ size: { w: 200, h: 100 } });
    expect(imageView2Plan(portrait, { mode: 0, w: 200 })).toEqual({ size: { w: 100, h: 200 } });
    expect(imageView2Plan(portrait, { mode: 0, h: 100 })).toEqual({ size: { w: 100, h: 200 } });
  });

  it("mode 1 covers w×h and crops the centre; one value means a square", () => {
    expect(imageView2Plan(landscape, { mode: 1, w: 100, h: 100 })).toEqual({ size: { w: 200, h: 100 }, crop: { w: 100, h: 100 } });
    expect(imageView2Plan(landscape, { mode: 1, w: 60 })).toEqual({ size: { w: 120, h: 60 }, crop: { w: 60, h: 60 } });
  });

  it("mode 2 fits inside w×h", () => {
    expect(imageView2Plan(landscape, { mode: 2, w: 200, h: 200 })).toEqual({ size: { w: 200, h: 100 } });
    expect(imageView2Plan(portrait, { mode: 2, w: 200 })).toEqual({ size: { w: 200, h: 400 } });
  });

  it("mode 3 makes width ≥ w and height ≥ h", () => {
    expect(imageView2Plan(landscape, { mode: 3, w: 100, h: 100 })).toEqual({ size: { w: 200, h: 100 } });
  });

  it("modes 4 and 5 work on long/short edges; 5 crops in the image's orientation", () => {
    expect(imageView2Plan(portrait, { mode: 4, w: 200, h: 50 })).toEqual({ size: { w: 100, h: 200 } });
    expect(imageView2Plan(portrait, { mode: 5, w: 150, h: 100 })).toEqual({ size: { w: 100, h: 200 }, crop: { w: 100, h: 150 } });
  });

  it("never enlarges", () => {
    expect(imageView2Plan({ w: 50, h: 40 }, { mode: 2, w: 500, h: 500 })).toEqual({ size: { w: 50, h: 40 } });
    expect(imageView2Plan({ w: 50, h: 40 }, { mode: 1, w: 100, h: 100 })).toEqual({ size: { w: 50, h: 40 }, crop: { w: 50, h: 40 } });
  });
});

describe("thumbnailSize", () => {
  it("follows imageMogr2's forms", () => {
    expect(thumbnailSize(landscape, { kind: "percent", percent: 50, axis: "both" })).toEqual({ w: 400, h: 200 });
    expect(thumbnailSize(landscape, { kind: "percent", percent: 50, axis: "x" })).toEqual({ w: 400, h: 400 });
    expect(thumbnailSize(landscape, { kind: "width", w: 1600 })).toEqual({ w: 1600, h: 800 });
    expect(thumbnailSize(landscape, { kind: "fit", w: 100, h: 100 })).toEqual({ w: 100, h: 50 });
    expect(thumbnailSize(landscape, { kind: "fit", w: 1000, h: 1000, only: "shrink" })).toEqual(landscape);
    expect(thumbnailSize(landscape, { kind: "fit", w: 100, h: 100, only: "enlarge" })).toEqual(landscape);
    expect(thumbnailSize(landscape, { kind: "fill", w: 100, h: 100 })).toEqual({ w: 200, h: 100 });
    expect(thumbnailSize(landscape, { kind: "exact", w: 30, h: 70 })).toEqual({ w: 30, h: 70 });
    expect(thumbnailSize(landscape, { kind: "area", area: 80_000 })).toEqual({ w: 400, h: 200 });
  });
});

describe("cropBox", () => {
  it("anchors by gravity, applies offsets and stays inside the image", () => {
    expect(cropBox(landscape, { w: 100, h: 50, dx: 0, dy: 0, gravity: "NorthWest" })).toEqual({ left: 0, top: 0, width: 100, height: 50 });
    expect(cropBox(landscape, { w: 100, h: 50, dx: 0, dy: 0, gravity: "SouthEast" })).toEqual({ left: 700, top: 350, width: 100, height: 50 });
    expect(cropBox(landscape, { w: 100, dx: 0, dy: 0, gravity: "Center" })).toEqual({ left: 350, top: 0, width: 100, height: 400 });
    expect(cropBox(landscape, { w: 100, h: 50, dx: 10, dy: -20, gravity: "North" })).toEqual({ left: 360, top: 0, width: 100, height: 50 });
    expect(cropBox(landscape, { w: 5000, h: 50, dx: 0, dy: 0, gravity: "East" })).toEqual({ left: 0, top: 175, width: 800, height: 50 });
  });
});
