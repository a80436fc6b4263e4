import { PASSWORD_MIN_LENGTH } from "@runboard/contract";
import { dictionary } from "@zxcvbn-ts/language-common";

// zxcvbn-ts's list of the most common passwords (from real leaks), kept by its maintainers.
const COMMON = new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));

/**
 * Why this password must not be used, or null when it may. Length alone lets "password1234" or
 * "qwerty123456" through, the first guesses of any attacker: refused are the common passwords,
 * a common one padded with digits or symbols, and one character repeated.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `the password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  const lower = password.toLowerCase();
  const base = lower.replace(/[\d\W_]+$/u, "");
  if (COMMON.has(lower) || (base.length >= 4 && COMMON.has(base))) {
    return "this password is one of the most common ones; choose another";
  }
  if (new Set(lower).size <= 2) return "this password repeats one or two characters; choose another";
  return null;
}
