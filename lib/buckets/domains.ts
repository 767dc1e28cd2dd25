// Qiniu gives each new bucket a test domain (30 days, http only, rate-limited) under its own zones; the emulator's
// per-bucket loopback domains play that part.
const TEST_ZONES = [".clouddn.com", ".qiniudn.com", ".qiniucdn.com", ".gdipper.com", ".qbox.me"];

export function isTestDomain(domain: string): boolean {
  const host = domain
    .replace(/^https?:\/\//i, "")
    .replace(/[:/].*$/, "")
    .toLowerCase();
  return TEST_ZONES.some((z) => host.endsWith(z)) || host === "127.0.0.1" || host === "localhost";
}
