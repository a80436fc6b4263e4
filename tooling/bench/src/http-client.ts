import http from "node:http";

/** A keep-alive GET client with as little overhead of its own as Node allows (timing is the point). */
export function createGetClient(base: string, headers: Record<string, string> = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(base);
  return {
    get(path: string): Promise<{ status: number; body: string; ms: number }> {
      const started = process.hrtime.bigint();
      return new Promise((resolve, reject) => {
        const request = http.get({ hostname, port, path, agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            }),
          );
        });
        request.setTimeout(30_000, () => request.destroy(new Error(`GET ${path} timed out`)));
        request.on("error", reject);
      });
    },
    close: () => agent.destroy(),
  };
}
