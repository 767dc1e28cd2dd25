import { describe, expect, it } from "vitest";
import { routeUrl } from "@/lib/actions/get-json";
import { searchInput } from "@/server/http/route-guard";

// What the browser sends is what the route guard reads back.
describe("routeUrl ↔ searchInput", () => {
  it("round-trips strings, numbers, empty strings and arrays (one element stays an array)", () => {
    const sent = { prefix: "", marker: undefined, limit: 200, keys: ["a b/ç.png"], domains: ["x.test", "y.test"], key: "100%/?#&=" };
    const url = new URL(routeUrl("/api/buckets/b/objects", sent), "http://c.test");
    expect(searchInput(url, { bucket: "b" })).toEqual({
      prefix: "",
      limit: "200",
      keys: ["a b/ç.png"],
      domains: ["x.test", "y.test"],
      key: "100%/?#&=",
      bucket: "b",
    });
  });
});
