// CDN alerts end to end: a rule with a tiny bandwidth threshold on an emulator domain fires once downloads go through
// that domain; the server's schedule (CONSOLE_ALERTS_INTERVAL_SECONDS=2 in test/support/e2e-env.ts) posts the webhook
// to a receiver of this test, and the alerts tab's history shows the firing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { emulatorInfo } from "../support/buckets-e2e";
import { loginAs } from "../support/e2e-login";

interface Received {
  event: string;
  ruleId: string;
  domain: string;
  rule: string;
  value: number;
  threshold: number;
  window: string;
  firedAt: string;
}

let receiver: Server;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/hook") received.push(JSON.parse(body) as Received);
      res.writeHead(204).end();
    });
  });
  // Port 0: the system picks a free one (no clash with other runs on the machine).
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

test("a bandwidth alert fires once by webhook and shows in the history", async ({ page }) => {
  const origin = (await emulatorInfo()).buckets["demo-public"].domain;
  const domain = new URL(origin).host;
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await loginAs(page, "admin");
  await page.goto("/cdn?tab=alerts");
  const form = page.getByTestId("cdn-alert-form");
  await form.getByTestId("cdn-alert-domain").selectOption(domain);
  await form.getByTestId("cdn-alert-metric").selectOption("bandwidth");
  await form.getByTestId("cdn-alert-threshold").fill("1");
  await form.getByTestId("cdn-alert-webhook").fill(hook);
  await form.getByTestId("cdn-alert-create").click();
  const rule = page.getByTestId("cdn-alert-rule").filter({ hasText: domain }).last();
  await expect(rule).toBeVisible();

  // Downloads through the domain on each poll, so the latest 5-minute point has traffic whenever the rule is checked.
  await expect
    .poll(
      async () => {
        expect((await fetch(`${origin}/README.txt?alert=${Date.now()}`)).status).toBe(200);
        return received.filter((r) => r.domain === domain && r.event === "fired").length;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  const fired = received.find((r) => r.domain === domain && r.event === "fired")!;
  expect(fired).toMatchObject({ rule: "bandwidth", threshold: 1, window: "5min" });
  expect(fired.value).toBeGreaterThan(1);
  expect(Number.isNaN(Date.parse(fired.firedAt))).toBe(false);

  // The history (polled by the tab) shows the firing, delivered; the rule is firing.
  const event = page.getByTestId("cdn-alert-event").filter({ hasText: domain }).first();
  await expect(event).toHaveAttribute("data-kind", "fired");
  await expect(event).toHaveAttribute("data-delivery", "sent");
  await expect(rule).toHaveAttribute("data-state", "firing");

  // Still over the threshold on the next rounds: no second notification for the same firing.
  const lastChecked = async () => (await (await page.request.get("/api/cdn/alerts")).json()) as { data: { rules: { id: string; lastCheckedAt: string }[] } };
  const ruleId = fired.ruleId;
  const first = (await lastChecked()).data.rules.find((r) => r.id === ruleId)!.lastCheckedAt;
  await expect.poll(async () => (await lastChecked()).data.rules.find((r) => r.id === ruleId)!.lastCheckedAt, { timeout: 30_000 }).not.toBe(first);
  expect(received.filter((r) => r.ruleId === ruleId && r.event === "fired")).toHaveLength(1);

  // Deleting the rule stops it (and keeps later runs of this test independent).
  await rule.getByRole("button").click();
  await expect(page.getByTestId("cdn-alert-rule").filter({ hasText: domain })).toHaveCount(0);
});
