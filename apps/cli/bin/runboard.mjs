#!/usr/bin/env node
// The workspace ships TypeScript sources and Node 20 cannot run them itself: tsx's loader does.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
