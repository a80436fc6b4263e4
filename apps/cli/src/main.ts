import { readConfig } from "./config.ts";
import { describeDatabaseError } from "./database.ts";
import { CliError, EXIT, UsageError } from "./errors.ts";
import type { CommandIo } from "./io.ts";
import { MAIN_USAGE } from "./usage.ts";

type Command = (args: string[], io: CommandIo) => Promise<number>;

// Loaded on demand: `--help` and usage errors answer without loading Prisma and the API.
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: () => import("./import-command.ts").then((m) => m.runImport),
  export: () => import("./export-command.ts").then((m) => m.runExport),
  "create-user": () => import("./create-user-command.ts").then((m) => m.runCreateUser),
};

async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === "-h" || command === "--help" || command === "help") {
    io.stdout.write(MAIN_USAGE);
    return EXIT.ok;
  }
  if (command === undefined) {
    io.stderr.write(MAIN_USAGE);
    return EXIT.usage;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`unknown command '${command}'; the commands are ${Object.keys(COMMANDS).join(", ")}`);
  return (await load())(args, io);
}

/** node:util's parseArgs reports unknown or malformed options as TypeErrors with these codes. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
}

function isPrismaError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name.startsWith("PrismaClient");
}

function report(error: unknown, command: string | undefined): number {
  const say = (text: string) => process.stderr.write(`runboard: ${text}\n`);
  if (error instanceof UsageError || isArgumentError(error)) {
    // parseArgs appends a paragraph about positionals starting with '-'; the first sentence is the news.
    say(error instanceof UsageError ? error.message : (error.message.split(/\.\s/)[0] ?? error.message));
    const known = command !== undefined && command in COMMANDS;
    say(`see \`runboard ${known ? `${command} ` : ""}--help\``);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    say(error.message);
    return EXIT.failed;
  }
  if (isPrismaError(error)) {
    say(`the database failed: ${describeDatabaseError(error)}`);
    return EXIT.failed;
  }
  // Anything else is a bug in Runboard: the stack is what its maintainers need.
  console.error(error);
  return EXIT.failed;
}

const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  process.stderr.write("\nrunboard: stopping after the current batch (Ctrl-C again to stop at once)\n");
  controller.abort();
});
process.once("SIGTERM", () => controller.abort());

const argv = process.argv.slice(2);
const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  config: () => readConfig(),
  signal: controller.signal,
};
const code = await main(argv, io).catch((error: unknown) => report(error, argv[0]));
process.exitCode = code;
// Everything is closed by now; a stray handle (a pool's timer) must not keep the command alive.
setTimeout(() => process.exit(code), 2_000).unref();
