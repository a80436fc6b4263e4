import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `runboard <args>` as its own process, configured only through env, as a user runs it. */
export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(resolve(cliDir, "node_modules/.bin/tsx"), [resolve(cliDir, "src/main.ts"), ...args], {
      cwd: cliDir,
      env: { ...process.env, DATABASE_URL: "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    // Decoded as streams: a chunk boundary can fall inside a multi-byte character (emoji).
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}
