/**
 * Bolt's InstallationStore over our database: one row per workspace (or per Enterprise Grid org for org-wide
 * installs), with the whole installation, tokens included, encrypted with AES-256-GCM before it is stored.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Store } from '../store/index.js';
import { decrypt, encrypt } from '../store/crypto.js';
import { AppError } from '../errors/index.js';

/** Org-wide installs are keyed by enterprise, the others by team. */
export function installKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string | undefined; teamId?: string | undefined }): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  throw new AppError('slack_auth', 'installation query without a team or enterprise id');
}

export function dbInstallationStore(store: Store, key: Buffer, now: () => number = Date.now): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const k = installKey({ isEnterpriseInstall: installation.isEnterpriseInstall ?? false, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
      await store.putInstallation(
        { key: k, team: installation.team?.id ?? '', enterprise: installation.isEnterpriseInstall ? (installation.enterprise?.id ?? '') : '', data: encrypt(JSON.stringify(installation), key) },
        now(),
      );
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const sealed = await store.getInstallation(installKey(query));
      if (!sealed) throw new AppError('slack_auth', `no installation for ${query.isEnterpriseInstall ? query.enterpriseId : query.teamId}`);
      return JSON.parse(decrypt(sealed, key)) as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await store.deleteInstallation(installKey(query));
    },
  };
}
