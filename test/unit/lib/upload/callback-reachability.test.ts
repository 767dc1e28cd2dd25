import { describe, expect, it } from "vitest";
import { callbackReachability, localHostReason } from "@/lib/upload/callback-reachability";

describe("callback reachability", () => {
  it("lets the emulator on the same machine call back to loopback", () => {
    expect(callbackReachability("emulator", "http://127.0.0.1:3000")).toEqual({ reachable: true });
    expect(callbackReachability("emulator", "http://localhost:3000")).toEqual({ reachable: true });
  });

  it("says why real Qiniu cannot reach a local console", () => {
    expect(callbackReachability("qiniu", "http://127.0.0.1:3000")).toEqual({ reachable: false, reason: "loopback" });
    expect(callbackReachability("qiniu", "http://localhost:3000")).toEqual({ reachable: false, reason: "loopback" });
    expect(callbackReachability("qiniu", "http://[::1]:3000")).toEqual({ reachable: false, reason: "loopback" });
    expect(callbackReachability("qiniu", "http://192.168.1.20")).toEqual({ reachable: false, reason: "privateAddress" });
    expect(callbackReachability("qiniu", "http://10.0.0.5:8080")).toEqual({ reachable: false, reason: "privateAddress" });
    expect(callbackReachability("qiniu", "http://172.20.1.1")).toEqual({ reachable: false, reason: "privateAddress" });
    expect(callbackReachability("qiniu", "http://[fd00::1]")).toEqual({ reachable: false, reason: "privateAddress" });
    expect(callbackReachability("qiniu", "http://console.local")).toEqual({ reachable: false, reason: "localName" });
    expect(callbackReachability("qiniu", "http://intranet-box")).toEqual({ reachable: false, reason: "localName" });
    expect(callbackReachability("qiniu", "not a url")).toEqual({ reachable: false, reason: "invalidUrl" });
  });

  it("accepts public names and addresses", () => {
    expect(callbackReachability("qiniu", "https://console.example.com")).toEqual({ reachable: true });
    expect(callbackReachability("qiniu", "http://203.0.113.9:8080")).toEqual({ reachable: true });
    expect(localHostReason("172.32.0.1")).toBeNull();
    expect(localHostReason("2001:db8::1")).toBeNull();
  });
});
