import { defineConfig } from "tsdown";

// The published package: ESM JavaScript and one bundled declaration file. Its types come from
// src/generated/router.ts (plain TypeScript), so nothing of Runboard's source or zod is inlined
// or required; @trpc/client (dependency) and @trpc/server (its peer, for the router's types) stay
// external.
export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  sourcemap: true,
  dts: true,
  fixedExtension: false,
  deps: { neverBundle: ["@trpc/client", "@trpc/server"], onlyBundle: false },
});
