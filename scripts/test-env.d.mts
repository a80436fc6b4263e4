// Types of scripts/test-env.mjs (plain Node, so that it runs before anything is installed).
export declare const DEBIAN_CHROMIUM: string;
export declare function onPath(name: string, path?: string): string | null;
export declare function canInstallChromium(env?: NodeJS.ProcessEnv): boolean;
export declare class MissingPrerequisiteError extends Error {}
export declare function ensureChromium(env?: NodeJS.ProcessEnv, log?: (line: string) => void): string;
export interface TestDatabase {
  url: string;
  embedded: boolean;
  pid?: number;
  stop(): Promise<void>;
}
export declare function startTestDatabase(env?: NodeJS.ProcessEnv): Promise<TestDatabase>;
