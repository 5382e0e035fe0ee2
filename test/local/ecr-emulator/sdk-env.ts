import type { EcrEmulator } from '../../../src/local/ecr-emulator';

/**
 * Points the real AWS SDK of this process at an emulator: its endpoints, fake credentials, and
 * nothing that could reach real AWS (no instance metadata, no shared config or profile).
 * Returns a function that restores the previous environment.
 */
export function useEmulatorEnv(emulator: EcrEmulator, extra: Record<string, string> = {}) {
  const values = { ...emulatorEnv(emulator), ...extra };
  const previous: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) {
    previous[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The settings that point an AWS SDK (this process's or a child's) at the emulator and only there. */
export function emulatorEnv(emulator: EcrEmulator): Record<string, string | undefined> {
  return { ...emulator.endpointEnv(), ...sdkSafetyEnv() };
}

/** Fake credentials and settings that keep the SDK away from real AWS. */
export function sdkSafetyEnv(): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/ecr-check-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/ecr-check-test-credentials',
    AWS_ENDPOINT_URL: undefined,
    ECR_CHECK_ACCOUNT_ID: undefined,
    ECR_CHECK_REGIONS: undefined,
  };
}
