import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalEndpoints, type LocalEndpoints } from "../../../packages/sim/src/endpoints/server.ts";

// The local AWS endpoints take writes (PutEvents, UpdateService): a web page that points its own
// name at 127.0.0.1 (DNS rebinding) must not reach them.

let endpoints: LocalEndpoints;
beforeAll(async () => {
  endpoints = await startLocalEndpoints();
});
afterAll(() => endpoints?.close());

const putEvents = (host: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const body = JSON.stringify({ Entries: [{ Source: "evil", DetailType: "x", Detail: "{}" }] });
    const req = request(
      {
        host: "127.0.0.1",
        port: endpoints.port,
        method: "POST",
        path: "/",
        headers: { Host: host, "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSEvents.PutEvents" },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });

describe("the local AWS endpoints", () => {
  it("refuse a request addressed to another name with 421, and deliver nothing", async () => {
    const reply = await putEvents(`evil.example:${endpoints.port}`);

    expect(reply.status).toBe(421);
    expect(reply.text).toContain("the local endpoints answer http://127.0.0.1:");
    expect(endpoints.events).toEqual([]);
  });

  it("answer requests addressed to 127.0.0.1 or localhost on their port", async () => {
    expect((await putEvents(`127.0.0.1:${endpoints.port}`)).status).toBe(200);
    expect((await putEvents(`localhost:${endpoints.port}`)).status).toBe(200);
    expect(endpoints.events).toHaveLength(2);
  });
});
