// What only the servers share: their environment and the first-run credentials file. Kept out of
// the main entry (src/index.ts), which the browser bundle imports: zod schemas are not
// tree-shaken, so anything exported there ends up in apps/web/dist.
export * from './env.ts';
