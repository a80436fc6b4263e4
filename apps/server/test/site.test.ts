import { expect, it } from "vitest";
import { attemptKeyOf } from "../src/auth-routes.ts";
import { ConfigError, readConfig } from "../src/config.ts";
import { demoLoginIsPrivate } from "../src/demo-login.ts";
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
  for (const bad of ["the proxy", "abc", "::::", "10.0.0.0/33", "10.0.0.1/8/8"]) {
    expect(() => readConfig(env({ RUNBOARD_TRUST_PROXY: bad })), bad).toThrow(ConfigError);
  }
  expect(readConfig(env({ RUNBOARD_TRUST_PROXY: "loopback, fd00::/8" })).trustProxy).toEqual(["loopback", "fd00::/8"]);
  expect(readConfig(env({ RUNBOARD_ALLOWED_HOSTS: "runboard_api:3000" })).allowedHosts).toEqual(["runboard_api:3000"]);
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

it("counts an IPv6 client's attempts by its /64, an IPv4 client's by its address", () => {
  expect(attemptKeyOf("203.0.113.7")).toBe("password:203.0.113.7");
  expect(attemptKeyOf("::ffff:203.0.113.7")).toBe("password:203.0.113.7");
  expect(attemptKeyOf("2001:db8:1:2:aaaa::1")).toBe("password:2001:db8:1:2::/64");
  expect(attemptKeyOf("2001:db8:1:2:ffff:ffff:ffff:fffe")).toBe("password:2001:db8:1:2::/64");
  expect(attemptKeyOf("2001:db8::7")).toBe("password:2001:db8:0:0::/64");
  expect(attemptKeyOf("::1")).toBe("password:0:0:0:0::/64");
});

it("publishes the demo password only where nobody else can reach the sign-in page", () => {
  const config = (vars: Record<string, string>) => readConfig(env(vars));
  expect(demoLoginIsPrivate(config({}))).toBe(true);
  expect(demoLoginIsPrivate(config({ HOST: "localhost" }))).toBe(true);
  expect(demoLoginIsPrivate(config({ HOST: "0.0.0.0" }))).toBe(false);
  // A loopback bind behind a proxy on the same machine is public all the same.
  expect(demoLoginIsPrivate(config({ RUNBOARD_PUBLIC_URL: "https://runs.example.com" }))).toBe(false);
  expect(demoLoginIsPrivate(config({ RUNBOARD_TRUST_PROXY: "127.0.0.1" }))).toBe(false);
  expect(demoLoginIsPrivate(config({ RUNBOARD_ALLOWED_HOSTS: "runboard" }))).toBe(false);
});
