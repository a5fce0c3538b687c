// What both servers (the IAM API and the BFF) need from Node's HTTP layer to stay up whatever a
// client sends: a server with a deadline for the whole request, problem+json answers to what
// cannot be parsed, and bounded work (in-flight slots, a bounded queue). Node only: never
// imported by the web app.
export * from './concurrency.ts';
export * from './in-flight.ts';
export * from './log-format.ts';
export * from './server.ts';
export * from './service.ts';
