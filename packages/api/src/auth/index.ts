export { type AccountService, createAccountService } from "./accounts.ts";
export {
  type AttemptLimit,
  type AttemptLimiter,
  type AttemptVerdict,
  createAttemptLimiter,
  PASSWORD_ATTEMPT_LIMIT,
} from "./attempt-limit.ts";
export { actorOf, authorize, can } from "./authorize.ts";
export {
  type Auth,
  type AuthConfig,
  CLIENT_IP_HEADER,
  createAuth,
  PASSWORD_PATHS,
  REQUEST_ORIGIN_HEADER,
} from "./config.ts";
export { passwordProblem } from "./password-policy.ts";
export { type Credentials, createPrincipalResolver, type PrincipalResolver, type Resolution } from "./principal.ts";
export { createAuthServices } from "./services.ts";
