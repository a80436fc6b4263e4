import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.ts";

describe("passwordProblem", () => {
  it("refuses the passwords attackers try first, however long", () => {
    for (const password of [
      "qwerty123456",
      "1qaz2wsx3edc",
      "Password1234",
      "dragon123456!",
      "iloveyou2024",
      "aaaaaaaaaaaa",
      "abababababab",
    ]) {
      expect(passwordProblem(password), password).toMatch(/common|repeats/);
    }
  });

  it("accepts long passwords that are not on the list, and says what a short one lacks", () => {
    for (const password of ["correct horse battery", "e2e-password-123", "kV9!pq-r7Lm2x"]) {
      expect(passwordProblem(password), password).toBeNull();
    }
    expect(passwordProblem("short")).toBe("the password must have at least 12 characters");
  });
});
