/**
 * Lambda entry point (edge). Placeholder until the Slack app lands: it refuses to run rather than
 * pretend to work. The Slack app issue replaces this file.
 */
export async function handler(_event: unknown, _context: unknown): Promise<never> {
  throw new Error('ecr-check edge function is not built yet');
}
