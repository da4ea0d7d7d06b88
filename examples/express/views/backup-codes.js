// Backup codes: shown once, as a PDF, a text file and a print view that says what they are for.
import { date, esc } from './layout.js';

export const HOW_TO_USE = [
  'Each code works once, instead of the code from your phone.',
  'On the sign-in page choose "Use a backup code" and type one of these.',
  'Keep them somewhere safe, away from your phone. Getting new codes voids these.',
];

const heading = ({ issuer, account, createdAt }) =>
  `Backup codes for ${esc(issuer)} · ${esc(account)} · created ${date(createdAt)}`;

export const backupCodes = ({
  codes,
  first,
  issuer,
  account,
  createdAt,
}) => `<h1>${first ? 'Two-step verification is on' : 'Your new backup codes'}</h1>
<p class="printonly"><strong>${heading({ issuer, account, createdAt })}</strong></p>
<p>Save these backup codes now: they are shown only once. Each works once, if you lose your phone.</p>
<ul class="codes" id="backup-codes">${codes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<p class="noprint"><a class="button" href="/security/backup-codes/download.pdf" download>Download PDF</a>
<a href="/security/backup-codes/download" download>Download .txt</a> · <a href="/security/backup-codes/print">Print view</a></p>
<p class="noprint"><a class="button secondary" href="/security">I saved them, continue</a></p>`;

export const backupPrint = ({ codes, issuer, account, createdAt }) => `<div class="sheet">
<h1>Backup codes</h1>
<p><strong>${esc(issuer)}</strong> · account <strong>${esc(account)}</strong> · created ${date(createdAt)}</p>
<ul class="codes" id="backup-codes">${codes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<h2>How to use them</h2><ul>${HOW_TO_USE.map((line) => `<li>${esc(line)}</li>`).join('')}</ul>
<p class="noprint"><button type="button" id="print">Print</button> <a href="/security/backup-codes">Back</a></p></div>`;
