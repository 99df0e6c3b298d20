// api.listener behind a real node:http server on loopback: the same answers as api.fetch, bodies
// streamed with the 64 KiB limit enforced while reading, and no crash whatever the client does.

import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNTS, makeWorld } from "./harness.js";

let server: Server;
let base = "";
const world = makeWorld();

beforeAll(async () => {
  server = createServer(world.api.listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

/** Sends a body in several chunks without Content-Length (chunked transfer), the way a streaming client does. */
function sendChunked(
  path: string,
  chunks: readonly string[],
  token = "alice",
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: "POST", headers: { "x-auth-token": token, "content-type": "application/json" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      },
    );
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** Writes raw bytes on a socket and returns the status line of the answer. */
function sendRaw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, "127.0.0.1", () => socket.write(bytes));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (received.includes("\r\n")) {
        socket.destroy();
        resolve(received.split("\r\n")[0] ?? "");
      }
    });
    socket.on("error", reject);
  });
}

describe("api.listener over node:http", () => {
  it("answers discovery, the image routes and errors as api.fetch does, keeping the connection alive", async () => {
    const versions = await fetch(`${base}/versions`);
    expect(versions.status).toBe(200);
    expect(((await versions.json()) as { versions: { links: { href: string }[] }[] }).versions[0]?.links[0]?.href).toBe(
      `${base}/v2/`,
    );
    const created = await fetch(`${base}/v2/images`, {
      method: "POST",
      headers: { "x-auth-token": "alice", "content-type": "application/json" },
      body: '{"name":"golden"}',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const listed = await fetch(`${base}/v2/images?limit=200&sort_key=name&sort_dir=asc`, {
      headers: { "x-auth-token": "alice", "content-type": "application/octet-stream" },
    });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("connection")).not.toBe("close");
    expect(((await listed.json()) as { images: { id: string }[] }).images.map((i) => i.id)).toEqual([id]);
    const deleted = await fetch(`${base}/v2/images/${id}`, {
      method: "DELETE",
      headers: { "x-auth-token": "alice", "content-type": "application/octet-stream" },
    });
    expect(deleted.status).toBe(204);
    expect((await fetch(`${base}/v2/images`)).status).toBe(401);
  });

  it("reads a chunked body of many small pieces", async () => {
    const id = await world.createImage("alice", "chunked");
    const body = JSON.stringify({ member: ACCOUNTS.consumer });
    const result = await sendChunked(`/v2/images/${id}/members`, body.split(""));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ member_id: ACCOUNTS.consumer, status: "pending" });
  });

  it("stops reading a chunked body past 64 KiB: 413 reaches the client, then the connection closes; the server keeps serving", async () => {
    const id = await world.createImage("alice", "too-big");
    const chunk = "x".repeat(16 * 1024);
    const result = await sendChunked(`/v2/images/${id}/members`, [
      '{"member":"100002","pad":"',
      ...Array.from({ length: 16 }, () => chunk),
      '"}',
    ]);
    expect(result.status).toBe(413);
    expect(result.connection).toBe("close");
    expect(JSON.parse(result.body)).toMatchObject({ error: { type: "PayloadTooLarge" } });
    expect((await fetch(`${base}/v2/images/${id}/members`, { headers: { "x-auth-token": "alice" } })).status).toBe(200);
    const members = (await (
      await fetch(`${base}/v2/images/${id}/members`, { headers: { "x-auth-token": "alice" } })
    ).json()) as {
      members: unknown[];
    };
    expect(members.members).toEqual([]);
  });

  it("refuses a declared Content-Length over 64 KiB before reading it", async () => {
    const status = await sendRaw(
      "POST /v2/images HTTP/1.1\r\nHost: x\r\nX-Auth-Token: alice\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n\r\n{",
    );
    expect(status).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("survives a client that aborts mid-upload, a malformed Host and an absolute-form target", async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${base}/v2/images`, {
        method: "POST",
        headers: { "x-auth-token": "alice", "content-type": "application/json", "content-length": "1000" },
      });
      req.on("error", () => resolve());
      req.write('{"name":"half');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    expect(await sendRaw("GET /versions HTTP/1.1\r\nHost: bad host/%%\r\n\r\n")).toBe("HTTP/1.1 200 OK");
    expect(await sendRaw(`GET ${base}/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).toBe("HTTP/1.1 200 OK");
    expect((await fetch(`${base}/versions`)).status).toBe(200);
  });

  it("answers 400 to a request Node parses but a web Request cannot hold (TRACE is a forbidden method)", async () => {
    expect(await sendRaw("TRACE /versions HTTP/1.1\r\nHost: x\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
  });
});
