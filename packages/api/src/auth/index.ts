export { type AccountService, createAccountService } from "./accounts.ts";
export { actorOf, authorize, can } from "./authorize.ts";
export { type Auth, type AuthConfig, CLIENT_IP_HEADER, createAuth } from "./config.ts";
export { type Credentials, createPrincipalResolver, type PrincipalResolver, type Resolution } from "./principal.ts";
export { createAuthServices } from "./services.ts";
