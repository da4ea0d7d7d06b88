// Backup codes as a one-page PDF (pdf-lib, a dependency of the demo only): the site, the account,
// the date, the codes and how to use them, so a printed or saved copy says what it is for.
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { HOW_TO_USE } from './views/backup-codes.js';

const A4 = [595.28, 841.89];
const MARGIN = 56;
// The standard PDF fonts only know Latin-1: anything else becomes "?" rather than an error.
const latin1 = (text) => String(text).replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

export async function backupCodesPdf({ issuer, account, createdAt, codes }) {
  const pdf = await PDFDocument.create();
  const when = new Date(createdAt);
  pdf.setTitle(latin1(`${issuer} backup codes`));
  pdf.setSubject(latin1(`Backup codes for ${account}`));
  pdf.setCreator(latin1(issuer));
  pdf.setProducer('mfa-kit demo (pdf-lib)');
  pdf.setCreationDate(when);
  pdf.setModificationDate(when);
  const page = pdf.addPage(A4);
  const sans = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  let y = A4[1] - MARGIN;
  const line = (text, { font = sans, size = 11, gap = 6, x = MARGIN } = {}) => {
    y -= size;
    page.drawText(latin1(text), { x, y, size, font, color: rgb(0.11, 0.14, 0.19) });
    y -= gap;
  };

  line(`${issuer}: backup codes`, { font: bold, size: 20, gap: 14 });
  line(`Account: ${account}`);
  line(`Created: ${when.toISOString().slice(0, 10)}`, { gap: 20 });
  const top = y;
  codes.forEach((code, i) => {
    y = top - Math.floor(i / 2) * 28;
    line(`${String(i + 1).padStart(2, ' ')}.  ${code}`, {
      font: mono,
      size: 15,
      x: MARGIN + (i % 2) * 220,
    });
  });
  y = top - Math.ceil(codes.length / 2) * 28 - 16;
  line('How to use them', { font: bold, size: 13, gap: 8 });
  for (const text of HOW_TO_USE) line(`- ${text}`, { size: 10.5 });
  return pdf.save();
}
