import net from "node:net";

// A TCP proxy in front of a PostgreSQL server that reproduces the fault of issue 8 item 3
// deterministically: once a client sends a query containing MARKER, the proxy waits for the
// server's ReadyForQuery that ends that query's response and sends, in the SAME chunk right
// behind it, a FATAL 57P01 ErrorResponse (what `pg_terminate_backend` sends), then closes the
// connection. The driver parses both messages in one 'data' event.

/** The text a query must contain to trigger the fault on its connection. */
export const MARKER = "inject-fatal-after-ready";

/** A FATAL 57P01 ErrorResponse message ('E'). */
function fatalMessage(): Buffer {
  const field = (code: string, value: string) =>
    Buffer.concat([Buffer.from(code), Buffer.from(value), Buffer.from([0])]);
  const body = Buffer.concat([
    field("S", "FATAL"),
    field("V", "FATAL"),
    field("C", "57P01"),
    field("M", "terminating connection due to administrator command"),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** Starts the proxy on 127.0.0.1 (a free port) in front of `upstream`. */
export async function startFatalProxy(upstream: {
  host: string;
  port: number;
}): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const server = net.connect(upstream.port, upstream.host);
    sockets.add(client).add(server);
    let armed = false;
    let pending = Buffer.alloc(0);
    client.on("data", (data) => {
      if (data.includes(MARKER)) armed = true;
      server.write(data);
    });
    server.on("data", (data) => {
      if (!armed) {
        client.write(data);
        return;
      }
      // Armed: forward whole messages until the ReadyForQuery ('Z'), then the FATAL with it.
      pending = Buffer.concat([pending, data]);
      let offset = 0;
      while (pending.length - offset >= 5) {
        const length = pending.readInt32BE(offset + 1);
        if (pending.length - offset < 1 + length) break;
        const type = pending[offset];
        offset += 1 + length;
        if (type === 0x5a) {
          client.end(Buffer.concat([pending.subarray(0, offset), fatalMessage()]));
          server.destroy();
          return;
        }
      }
    });
    const closeBoth = () => {
      client.destroy();
      server.destroy();
    };
    client.on("error", closeBoth).on("close", closeBoth);
    server.on("error", closeBoth).on("close", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
