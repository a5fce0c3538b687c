import { afterAll, afterEach } from 'vitest';
import { takeOpenApiViolations } from './openapi-check.ts';

/**
 * Fails the test during which the IAM answered something the OpenAPI document does not describe
 * (see openapi-check.ts). Answers sent in a file's beforeAll fail its first test; in afterAll, the file.
 */
function failOnViolations() {
  const violations = takeOpenApiViolations();
  if (violations.length > 0) {
    throw new Error(`The IAM answered outside its OpenAPI document:\n- ${violations.join('\n- ')}`);
  }
}
afterEach(failOnViolations);
afterAll(failOnViolations);
