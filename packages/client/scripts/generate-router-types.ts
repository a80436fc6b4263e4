// Writes src/generated/router.ts: the server's AppRouter and the contract's wire types spelled
// out as plain TypeScript (objects, unions, literals), plus the contract's constants the client
// uses. The published client then needs no Runboard source and no zod: its declarations name
// only @trpc/server's router and procedure types.
//
//   tsx scripts/generate-router-types.ts           rewrite the file
//   tsx scripts/generate-router-types.ts --check   exit 1 if the file is not what it would write
//
// The server's own declarations cannot be shipped instead: AppRouter's declared type carries its
// context (the services, Prisma, better-auth) and every zod schema of the operations table.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  METADATA_KEY_MAX_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
  RUN_STATUSES,
  TRPC_MAX_BATCH_SIZE,
} from "@runboard/contract";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const shapeFile = resolve(here, "router-shape.ts");
const outFile = resolve(here, "../src/generated/router.ts");

const config = ts.getParsedCommandLineOfConfigFile(
  resolve(here, "../tsconfig.json"),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
);
if (!config) throw new Error("cannot read packages/client/tsconfig.json");
const program = ts.createProgram([shapeFile], config.options);
const checker = program.getTypeChecker();
const source = program.getSourceFile(shapeFile);
if (!source) throw new Error(`cannot load ${shapeFile}`);
const moduleSymbol = checker.getSymbolAtLocation(source);
if (!moduleSymbol) throw new Error(`${shapeFile} has no exports`);
const exported = (name: string) => {
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
  if (!symbol) throw new Error(`${shapeFile} does not export ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
};

function property(type: ts.Type, name: string): ts.Type {
  const symbol = checker.getPropertyOfType(type, name);
  if (!symbol) throw new Error(`type ${checker.typeToString(type)} has no property ${name}`);
  return checker.getTypeOfSymbol(symbol);
}

// The wire types by identity, so that the router's types can name them (`output: Run`).
const names = new Map<ts.Type, string>();
const wire = exported("WireTypes");
const wireNames = checker.getPropertiesOfType(wire).map((p) => p.name);
for (const name of wireNames) names.set(property(wire, name), name);

const isIdentifier = (name: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
const pad = (depth: number) => "  ".repeat(depth);

/** A type as structural TypeScript: what a JSON wire type is made of, and nothing else. */
function print(type: ts.Type, depth: number, seen: Set<ts.Type> = new Set(), allowName = true): string {
  const name = allowName ? names.get(type) : undefined;
  if (name) return name;
  const f = type.flags;
  if (f & ts.TypeFlags.Any) throw new Error("a router type degraded to `any`; fix the server's types first");
  if (f & ts.TypeFlags.Unknown) return "unknown";
  if (f & ts.TypeFlags.Never) return "never";
  if (f & ts.TypeFlags.Void) return "void";
  if (f & ts.TypeFlags.Undefined) return "undefined";
  if (f & ts.TypeFlags.Null) return "null";
  if (f & ts.TypeFlags.String) return "string";
  if (f & ts.TypeFlags.Number) return "number";
  if (f & ts.TypeFlags.Boolean) return "boolean";
  if (f & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type);
  if (type.isStringLiteral()) return JSON.stringify(type.value);
  if (type.isNumberLiteral()) return String(type.value);
  if (f & ts.TypeFlags.NonPrimitive) return "object";
  if (type.isUnion()) {
    let members = type.types;
    const isTrue = (t: ts.Type) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === "true";
    const isFalse = (t: ts.Type) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === "false";
    const printed: string[] = [];
    if (members.some(isTrue) && members.some(isFalse)) {
      members = members.filter((t) => !isTrue(t) && !isFalse(t));
      printed.push("boolean");
    }
    return [...members.map((t) => print(t, depth, seen)), ...printed].join(" | ");
  }
  if (type.isIntersection()) return type.types.map((t) => wrap(print(t, depth, seen))).join(" & ");
  if (seen.has(type)) throw new Error(`recursive type ${checker.typeToString(type)} cannot be spelled out`);
  const inner = new Set(seen).add(type);
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    const readonly = type.getSymbol()?.name === "ReadonlyArray" ? "readonly " : "";
    return `${readonly}${wrap(print(element as ts.Type, depth, inner))}[]`;
  }
  if (checker.isTupleType(type)) {
    return `[${checker
      .getTypeArguments(type as ts.TypeReference)
      .map((t) => print(t, depth, inner))
      .join(", ")}]`;
  }
  const symbolName = type.getSymbol()?.name;
  if (symbolName === "AsyncIterable") {
    const args = checker.getTypeArguments(type as ts.TypeReference).map((t) => print(t, depth, inner));
    return `AsyncIterable<${args.join(", ")}>`;
  }
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
    throw new Error(`a function type (${checker.typeToString(type)}) is not a wire type`);
  }
  const lines: string[] = [];
  for (const info of checker.getIndexInfosOfType(type)) {
    lines.push(`[key: ${print(info.keyType, depth + 1, inner)}]: ${print(info.type, depth + 1, inner)};`);
  }
  for (const prop of checker.getPropertiesOfType(type)) {
    const optional = prop.flags & ts.SymbolFlags.Optional ? "?" : "";
    const key = isIdentifier(prop.name) ? prop.name : JSON.stringify(prop.name);
    lines.push(`${key}${optional}: ${print(checker.getTypeOfSymbol(prop), depth + 1, inner)};`);
  }
  if (lines.length === 0) return "{}";
  return `{\n${lines.map((l) => `${pad(depth + 1)}${l}`).join("\n")}\n${pad(depth)}}`;
}

/** Parentheses for a union or intersection where it is an array's element or an intersection's member. */
const wrap = (text: string) => {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "(" || c === "[" || c === "<") depth++;
    else if (c === "}" || c === ")" || c === "]" || c === ">") depth--;
    else if (depth === 0 && (text.startsWith(" | ", i) || text.startsWith(" & ", i))) return `(${text})`;
  }
  return text;
};

const PROCEDURE = {
  query: "TRPCQueryProcedure",
  mutation: "TRPCMutationProcedure",
  subscription: "TRPCSubscriptionProcedure",
};

/** The router's record: nested objects of procedures, each `Kind<{ input; output; meta }>`. */
function printRecord(record: ts.Type, depth: number, path: string[]): string {
  const lines: string[] = [];
  for (const entry of checker.getPropertiesOfType(record)) {
    const value = checker.getTypeOfSymbol(entry);
    const key = isIdentifier(entry.name) ? entry.name : JSON.stringify(entry.name);
    const def = checker.getPropertyOfType(value, "_def");
    const isProcedure = def && checker.getPropertyOfType(checker.getTypeOfSymbol(def), "procedure");
    if (!isProcedure) {
      lines.push(`${key}: ${printRecord(value, depth + 1, [...path, entry.name])};`);
      continue;
    }
    const defType = checker.getTypeOfSymbol(def);
    const kind = property(defType, "type");
    const kindName = kind.isStringLiteral() ? kind.value : "";
    const wrapper = PROCEDURE[kindName as keyof typeof PROCEDURE];
    if (!wrapper) throw new Error(`${[...path, entry.name].join(".")} has an unknown procedure type`);
    const types = property(defType, "$types");
    const input = print(property(types, "input"), depth + 2);
    const output = print(property(types, "output"), depth + 2);
    lines.push(
      `${key}: ${wrapper}<{\n${pad(depth + 2)}input: ${input};\n${pad(depth + 2)}output: ${output};\n${pad(depth + 2)}meta: ProcedureMeta;\n${pad(depth + 1)}}>;`,
    );
  }
  return `{\n${lines.map((l) => `${pad(depth + 1)}${l}`).join("\n")}\n${pad(depth)}}`;
}

const router = exported("Router");
const routerDef = property(router, "_def");
const root = property(property(routerDef, "_config"), "$types");

const out: string[] = [
  "// Generated by packages/client/scripts/generate-router-types.ts from @runboard/api's AppRouter and",
  "// @runboard/contract: do not edit (`pnpm --filter @runboard/client generate` rewrites it; a test",
  "// fails while it is stale). Plain TypeScript, so the published client needs no Runboard source.",
  'import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure } from "@trpc/server";',
  "",
];
for (const name of wireNames)
  out.push(`export type ${name} = ${print(property(wire, name), 0, new Set(), false)};`, "");
out.push(`/** What every procedure declares (read by the server's auth tests). */`);
out.push(`export type ProcedureMeta = ${print(property(root, "meta"), 0)};`, "");
out.push(
  `/** The error shape of a failed call (\`TRPCClientError#shape\`; its \`data\` carries \`detail\` and \`current\`). */`,
);
out.push(`export type ErrorShape = ${print(property(root, "errorShape"), 0)};`, "");
out.push(
  "/** Runboard's tRPC router as a client sees it: every procedure's path, kind, input and output. */",
  "export type AppRouter = TRPCBuiltRouter<",
  "  { ctx: object; meta: ProcedureMeta; errorShape: ErrorShape; transformer: false },",
  `  ${printRecord(property(routerDef, "record"), 1, [])}`,
  ">;",
  "",
);
const constants = {
  METADATA_MAX_KEYS,
  METADATA_KEY_MAX_LENGTH,
  METADATA_VALUE_MAX_LENGTH,
  TRPC_MAX_BATCH_SIZE,
};
for (const [name, value] of Object.entries(constants)) out.push(`export const ${name} = ${JSON.stringify(value)};`);
out.push(`export const RUN_STATUSES = ${JSON.stringify(RUN_STATUSES)} as const;`, "");

const text = out.join("\n");
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(outFile, "utf8");
  } catch {
    // Missing counts as stale.
  }
  if (current !== text) {
    console.error(`${outFile} is stale: run \`pnpm --filter @runboard/client generate\` and commit it.`);
    process.exit(1);
  }
  console.log(`${outFile} is up to date`);
} else {
  writeFileSync(outFile, text);
  console.log(`wrote ${outFile}`);
}
