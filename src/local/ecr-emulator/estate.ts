import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const policy = z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional();

const repository = z.object({
  name: z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
    message: 'is not a valid repository name (lowercase letters, digits, . _ - /)',
  }),
  policy,
  createdAt: z.string().optional(),
});

const region = z.object({
  repositories: z.array(repository).default([]),
  registryPolicy: policy,
  registryPolicyScope: z.enum(['V1', 'V2']).optional(),
});

/** Schema of the estate JSON (see the doc comment of `startEcrEmulator`). */
export const estateSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  regions: z.record(z.string(), region).default({}),
  disabledRegions: z.array(z.string()).default([]),
  publicRepositories: z.array(repository).default([]),
  /** Alias used in ECR Public repository URIs (`public.ecr.aws/<alias>/<name>`). */
  publicRegistryAlias: z.string().optional(),
});

/** An estate as written in JSON: what the emulator is seeded with. */
export type Estate = z.input<typeof estateSchema>;
/** An estate after validation and defaults. */
export type ParsedEstate = z.output<typeof estateSchema>;
/** One repository entry of an estate. */
export type EstateRepository = z.input<typeof repository>;

/** Validates an estate; a bad one fails with every problem named. */
export function parseEstate(input: unknown): ParsedEstate {
  const parsed = estateSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(`Invalid estate: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads and validates an estate JSON file. */
export async function loadEstateFile(path: string): Promise<ParsedEstate> {
  return parseEstate(JSON.parse(await readFile(path, 'utf8')));
}

/** Policy text as stored: strings verbatim, objects pretty-printed with two spaces, null for none. */
export function policyText(
  value: string | Record<string, unknown> | null | undefined,
): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
