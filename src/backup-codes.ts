/**
 * `mfa-kit/backup-codes`: single-use recovery codes (70 random bits, a salt each), stored as
 * scrypt hashes, verified with one derivation per attempt (native on Node's thread pool, pure JS
 * elsewhere), and formatted for download. Depends on @noble/hashes.
 *
 * @module
 */
export {
  assertBackupCodeSet,
  type BackupCodeAttempt,
  type BackupCodeSet,
  backupCodesRemaining,
  DEFAULT_BACKUP_CODE_COST,
  deriveBackupCodeHash,
  generateBackupCodes,
  type HashBackupCodesOptions,
  hashBackupCodes,
  hashBackupCodesAsync,
  type LegacyBackupCodeSet,
  matchBackupCode,
  normalizeBackupCode,
  prepareBackupCodeAttempt,
  type ScryptCost,
  type SlottedBackupCodeSet,
  type VerifyBackupCodeOptions,
  type VerifyBackupCodeResult,
  verifyBackupCode,
  verifyBackupCodeAsync,
} from './backup-codes/backup-codes.js';
export { type BackupCodesTextOptions, formatBackupCodesText } from './backup-codes/text-file.js';
