// A JSON API over image sharing with Fastify, every error answered as RFC 9457 problem details.
//   npx tsx examples/http-service.ts   then   curl -i localhost:3000/images/nope -H 'x-user-id: alice' -H 'x-account-id: 100001' -H 'x-roles: admin'
// Authentication is the host's business: this demo trusts headers; yours verifies a token.

import { fileURLToPath } from "node:url";
import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type PrincipalInput,
  type SharingError,
  toProblemDetails,
} from "cloud-image-sharing";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { ResultAsync } from "neverthrow";

type Image = { Params: { imageId: string } };
type Member = { Params: { imageId: string; consumerAccountId: string } };

export function createHttpService(sharing: ImageSharing) {
  const app = Fastify();
  const principal = ({ headers }: FastifyRequest): PrincipalInput => ({
    userId: String(headers["x-user-id"] ?? ""),
    accountId: String(headers["x-account-id"] ?? ""),
    roles: String(headers["x-roles"] ?? "")
      .split(",")
      .filter(Boolean),
  });
  // The one place results become responses: the ok value, or the error as problem details.
  const send = async <T>(reply: FastifyReply, result: ResultAsync<T, SharingError>, okStatus = 200) =>
    (await result).match(
      (value) => reply.status(value === undefined ? 204 : okStatus).send(value),
      (error) => {
        const problem = toProblemDetails(error, { instance: reply.request.url });
        if (problem.status === 503) void reply.header("retry-after", "1"); // transient: the same request may succeed soon
        return reply.status(problem.status).type("application/problem+json").send(problem);
      },
    );
  app.post<{ Body: { name: string; region: string } }>("/images", (req, reply) =>
    send(reply, sharing.createImage(principal(req), req.body), 201),
  );
  app.get<Image>("/images/:imageId", (req, reply) => send(reply, sharing.getImage(principal(req), req.params)));
  app.post<Image & { Body: { consumerAccountId: string } }>("/images/:imageId/members", (req, reply) =>
    send(reply, sharing.shareImage(principal(req), { ...req.body, imageId: req.params.imageId }), 201),
  );
  app.delete<Member>("/images/:imageId/members/:consumerAccountId", (req, reply) =>
    send(reply, sharing.unshareImage(principal(req), req.params)),
  );
  app.get("/pending-shares", (req, reply) => send(reply, sharing.listPendingShares(principal(req))));
  app.post<Image>("/images/:imageId/accept", (req, reply) =>
    send(reply, sharing.acceptImage(principal(req), req.params)),
  );
  app.post<Image & { Body: { region: string } }>("/images/:imageId/boot", (req, reply) =>
    send(reply, sharing.authorizeBoot(principal(req), { ...req.body, imageId: req.params.imageId })),
  );
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const store = createInMemoryStore({ accounts: [{ id: "100001" }, { id: "100002" }] });
  await createHttpService(createImageSharing({ store })).listen({ host: "127.0.0.1", port: 3000 });
}
