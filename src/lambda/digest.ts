/**
 * Lambda entry point (digest). Placeholder until the Slack app lands: it refuses to run rather than
 * pretend to work. The Slack app issue replaces this file.
 */
export async function handler(_event: unknown, _context: unknown): Promise<never> {
  throw new Error('ecr-check digest function is not built yet');
}
