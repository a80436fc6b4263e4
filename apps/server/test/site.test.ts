import { expect, it } from "vitest";
import { ConfigError, readConfig } from "../src/config.ts";
import { createSitePolicy } from "../src/site.ts";

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

it("answers to its public name, the allowed names and loopback, and to nothing else", () => {
  const site = createSitePolicy({
    publicUrl: "https://runs.example.com",
    allowedHosts: ["runboard", "runboard.internal:3000"],
  });
  for (const host of [
    "runs.example.com",
    "RUNS.example.com",
    "runs.example.com:443",
    "runboard:3000",
    "runboard:8080",
  ]) {
    expect(site.hostAllowed(host), host).toBe(true);
  }
  expect(site.hostAllowed("runboard.internal:3000")).toBe(true);
  expect(site.hostAllowed("localhost:3000")).toBe(true);
  expect(site.hostAllowed("127.0.0.1")).toBe(true);
  for (const host of [
    "evil.test",
    "runs.example.com:8443",
    "runboard.internal:3001",
    "runs.example.com.evil.test",
    "",
    "a@runs.example.com",
    "runs.example.com/x",
  ]) {
    expect(site.hostAllowed(host), host).toBe(false);
  }
  expect(site.hostAllowed(undefined)).toBe(false);
});

it("reads RUNBOARD_TRUST_PROXY, RUNBOARD_ALLOWED_HOSTS and RUNBOARD_PUBLIC_URL, refusing what it cannot use", () => {
  expect(readConfig(env({})).trustProxy).toBe(false);
  expect(readConfig(env({ RUNBOARD_TRUST_PROXY: "true" })).trustProxy).toBe(true);
  expect(readConfig(env({ RUNBOARD_TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" })).trustProxy).toEqual([
    "10.0.0.0/8",
    "127.0.0.1",
  ]);
  const hops = readConfig(env({ RUNBOARD_TRUST_PROXY: "2" })).trustProxy as (a: string, hop: number) => boolean;
  expect([hops("x", 0), hops("x", 1), hops("x", 2)]).toEqual([true, true, false]);
  expect(() => readConfig(env({ RUNBOARD_TRUST_PROXY: "the proxy" }))).toThrow(ConfigError);
  expect(readConfig(env({ RUNBOARD_ALLOWED_HOSTS: "Runboard, runboard.internal:3000" })).allowedHosts).toEqual([
    "runboard",
    "runboard.internal:3000",
  ]);
  expect(() => readConfig(env({ RUNBOARD_ALLOWED_HOSTS: "http://runboard" }))).toThrow(/host or host:port/);
  expect(() => readConfig(env({ RUNBOARD_PUBLIC_URL: "runs.example.com" }))).toThrow(/http:\/\/ or https:\/\//);
  expect(readConfig(env({ HOST: "::1", PORT: "4000" })).publicUrl).toBe("http://[::1]:4000");
  expect(readConfig(env({})).passwordAttemptLimit).toEqual({ max: 3, windowMs: 10_000 });
  expect(readConfig(env({ RUNBOARD_PASSWORD_ATTEMPTS: "5/60" })).passwordAttemptLimit).toEqual({
    max: 5,
    windowMs: 60_000,
  });
  expect(() => readConfig(env({ RUNBOARD_PASSWORD_ATTEMPTS: "5 per minute" }))).toThrow(/<attempts>\/<seconds>/);
});
