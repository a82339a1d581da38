/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (infra/house-function.ts
 * aliases it): Lambda always hands a function its role's credentials in the environment, so the
 * SDK's default chain (SSO, INI files, process, web identity, IMDS, with their nested STS and SSO
 * clients, about 90 KB minified) would never get past its first link. Never used outside a bundle.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
