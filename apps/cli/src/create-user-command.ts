import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { AccountError, createAccountService, createAuth, passwordProblem } from "@runboard/api";
import { createUserInputSchema, ROLES } from "@runboard/contract";
import { openDatabase } from "./database.ts";
import { CliError, EXIT, UsageError } from "./errors.ts";
import type { CommandIo } from "./io.ts";
import { CREATE_USER_USAGE } from "./usage.ts";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
  "password-stdin": { type: "boolean" },
} as const;

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stdin) text += chunk.toString();
  return text.split(/\r?\n/)[0] ?? "";
}

/** `runboard create-user`: an operator (e.g. the first admin) straight in the database. */
export async function runCreateUser(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true });
  if (values.help) {
    io.stdout.write(CREATE_USER_USAGE);
    return EXIT.ok;
  }
  if (!values.email) throw new UsageError("--email is required", "create-user");
  const role = values.role ?? "admin";
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`unknown role '${role}'; use one of ${ROLES.join(", ")}`, "create-user");
  }
  // Never from the command line (other users can read it in the process list).
  const password = values["password-stdin"] ? await readStdin(io.stdin) : (process.env.RUNBOARD_PASSWORD ?? "");
  if (!password)
    throw new UsageError(
      "give the password on standard input (--password-stdin) or in RUNBOARD_PASSWORD",
      "create-user",
    );
  const input = createUserInputSchema.safeParse({
    email: values.email,
    name: values.name ?? values.email.split("@")[0],
    password,
    role,
  });
  if (!input.success) throw new CliError(input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const weak = passwordProblem(input.data.password);
  if (weak) throw new CliError(`password: ${weak}`);

  const database = await openDatabase(io.config(), (line) => io.stderr.write(`${line}\n`));
  try {
    // The secret signs cookies only; creating a user needs none, so a throwaway one will do.
    const auth = createAuth(database.prisma, {
      baseURL: "http://127.0.0.1",
      secret: randomBytes(32).toString("base64url"),
      logger: { disabled: true },
    });
    const user = await createAccountService({ auth, prisma: database.prisma }).createUser(input.data);
    io.stdout.write(`created ${user.role} ${user.email} (${database.description})\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof AccountError) throw new CliError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}
