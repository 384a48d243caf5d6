/** Oldest Node.js the application runs on (MikroORM 7 and NestJS 12 need it). */
export const MINIMUM_NODE = [22, 17] as const;

/**
 * Why this Node.js cannot run the application, naming the npm script to use instead (`npm start`,
 * `npm run backup -- …`: npm scripts use the Node.js that `npm install` put in node_modules), or
 * `undefined` when it can. Imports nothing, so entry points can check before loading any module
 * that needs a newer Node.
 */
export function unsupportedNodeMessage(script: string): string | undefined {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const [needMajor, needMinor] = MINIMUM_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return (
    `Node.js ${needMajor}.${needMinor} or newer is required (this is ${process.versions.node}); ` +
    `run it with \`${script}\`, which uses the Node.js installed by \`npm install\`.`
  );
}
