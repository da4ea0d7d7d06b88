/**
 * `mfa-kit/backup-codes`: single-use recovery codes, stored as scrypt hashes, verified with one
 * derivation per attempt, and formatted for download. Depends on @noble/hashes.
 *
 * @module
 */
export {
  type BackupCodeSet,
  backupCodesRemaining,
  DEFAULT_BACKUP_CODE_COST,
  generateBackupCodes,
  type HashBackupCodesOptions,
  hashBackupCodes,
  hashBackupCodesAsync,
  normalizeBackupCode,
  type ScryptCost,
  type VerifyBackupCodeOptions,
  type VerifyBackupCodeResult,
  verifyBackupCode,
  verifyBackupCodeAsync,
} from './backup-codes/backup-codes.js';
export { type BackupCodesTextOptions, formatBackupCodesText } from './backup-codes/text-file.js';
