// The Print button of the backup-codes print view (a file, not an inline script: the CSP allows
// scripts from this site only).
document.getElementById('print')?.addEventListener('click', () => window.print());
