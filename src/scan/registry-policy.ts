import {
  type ECRClient,
  GetAccountSettingCommand,
  GetRegistryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { withDeadline } from './aws-calls';
import { judge, report, type ScanContext } from './context';
import { toFinding } from './finding';
import { describeFailure } from './problems';
import { applyScopeV1 } from './registry-scope';

/**
 * Reads the registry policy of one region and judges it under the registry policy scope in force
 * (`GetAccountSetting` REGISTRY_POLICY_SCOPE). Under V2 (ECR's default) a grant there reaches every
 * repository in the region; under V1 only replication, pull-through cache and create-repository
 * actions apply. When the scope cannot be read, V2 is assumed (the wider reading) and the finding
 * says so. Problems are reported; this never throws.
 */
export async function scanRegistryPolicy(
  ctx: ScanContext,
  client: ECRClient,
  region: string,
): Promise<void> {
  let text: string | undefined;
  try {
    const out = await withDeadline(ctx.deadline, ctx.callTimeoutMs, (abortSignal) =>
      client.send(new GetRegistryPolicyCommand({}), { abortSignal }),
    );
    text = out.policyText;
  } catch (error) {
    if (error instanceof Error && error.name === 'RegistryPolicyNotFoundException') return;
    report(ctx, describeFailure(error, region, 'ecr', 'reading the registry policy'));
    return;
  }
  if (!text) return;
  ctx.stats.policiesRead += 1;
  ctx.progress.policiesRead += 1;

  const scope = await readScope(ctx, client);
  const analysed = judge(ctx, text, 'registry', {
    region,
    service: 'ecr',
    what: 'the registry policy',
  });
  if (!analysed) return;
  const analysis = scope.value === 'V1' ? applyScopeV1(analysed) : analysed;
  const notes =
    scope.value === 'V2'
      ? [
          `Registry policy scope V2${scope.assumed ? ' (assumed: the scope could not be read)' : ''}: ` +
            `its grants apply to every repository in ${region}.`,
        ]
      : [];

  const place = {
    kind: 'registry-policy' as const,
    registryId: ctx.registryId,
    region,
    repository: null,
  };
  const finding = toFinding(place, text, analysis, { registryPolicyScope: scope.value, notes });
  if (finding) ctx.findings.push(finding);
}

async function readScope(
  ctx: ScanContext,
  client: ECRClient,
): Promise<{ value: 'V1' | 'V2'; assumed: boolean }> {
  try {
    const out = await withDeadline(ctx.deadline, ctx.callTimeoutMs, (abortSignal) =>
      client.send(new GetAccountSettingCommand({ name: 'REGISTRY_POLICY_SCOPE' }), { abortSignal }),
    );
    return { value: out.value === 'V1' ? 'V1' : 'V2', assumed: false };
  } catch {
    return { value: 'V2', assumed: true };
  }
}
